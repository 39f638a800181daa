/**
 * The parts of VDA 5050 2.x messages this service reads or writes. The JSON schemas in ./schemas
 * (VDA5050/VDA5050 release/2.1.0, MIT) are the definition; a message is only cast to these types
 * after it validated against them.
 */
export interface Vda5050Header {
  headerId: number;
  timestamp: string;
  version: string;
  manufacturer: string;
  serialNumber: string;
}

export interface ConnectionMessage extends Vda5050Header {
  connectionState: 'ONLINE' | 'OFFLINE' | 'CONNECTIONBROKEN';
}

export type ActionStatus = 'WAITING' | 'INITIALIZING' | 'RUNNING' | 'FINISHED' | 'FAILED';

export interface ActionState {
  actionId: string;
  actionType?: string;
  actionStatus: ActionStatus;
  resultDescription?: string;
}

export interface StateMessage extends Vda5050Header {
  driving: boolean;
  paused?: boolean;
  operatingMode: string;
  agvPosition?: {
    x: number;
    y: number;
    theta: number;
    mapId: string;
    positionInitialized: boolean;
  };
  actionStates: ActionState[];
  batteryState: { batteryCharge: number; charging: boolean };
  errors: {
    errorType: string;
    errorLevel: 'WARNING' | 'FATAL';
    errorDescription?: string;
  }[];
  safetyState: { eStop: 'AUTOACK' | 'MANUAL' | 'REMOTE' | 'NONE'; fieldViolation: boolean };
}

export interface InstantAction {
  actionType: string;
  actionId: string;
  blockingType: 'NONE' | 'SOFT' | 'HARD';
  actionDescription?: string;
  actionParameters?: { key: string; value: unknown }[];
}

export interface InstantActionsMessage extends Vda5050Header {
  actions: InstantAction[];
}

/** The protocol version this master writes; any 2.x vehicle is read. */
export const VDA5050_VERSION = '2.1.0';

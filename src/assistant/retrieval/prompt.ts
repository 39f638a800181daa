import type { AlertDto } from '../../alerts/dto/alert.dto';
import type { AuditEntryDto } from '../../audit/dto/audit.dto';
import type { RoverStatusDto } from '../../rover/dto/rover-status.dto';
import type { SourceRef } from '../assistant.types';
import type { AssistantContext, KnowledgeRecord } from './assistant-context';

/** A document body is cut here in the prompt; its summary and start carry the gist. */
const DOCUMENT_EXCERPT_CHARS = 4000;

const INSTRUCTIONS = `You are the assistant of Rover Mission Control, the service operators use to drive a small Arduino rover (an Uno, an L298N motor driver, an HC-SR04 ultrasonic sensor) and watch a robot fleet.
Answer the operator's question from the numbered sources below when they are relevant, and cite each source you use by its number in square brackets, like [2]. Say so plainly when the sources do not answer the question, and then answer from general electronics knowledge, marked as such.
Give values with their units. Be brief and practical: what to check, what to change.
You cannot act: you have no tools, and you cannot move, stop, resume or configure the rover, flash firmware or change any record. If asked to, say which control of the console or which endpoint the operator can use instead. For an emergency, tell them to press the e-stop.`;

export interface BuiltPrompt {
  system: string;
  sources: SourceRef[];
}

export function buildPrompt(context: AssistantContext): BuiltPrompt {
  const sources: SourceRef[] = [];
  const blocks: string[] = [];
  const add = (source: SourceRef, text: string) => {
    sources.push(source);
    blocks.push(`[${sources.length}] ${text}`);
  };

  for (const item of context.knowledge) add(knowledgeSource(item), knowledgeText(item));
  add({ kind: 'rover-status', id: null, title: 'Rover status now' }, roverText(context.rover));
  for (const alert of context.alerts) {
    add({ kind: 'alert', id: alert.id, title: `Alert: ${alert.message}` }, alertText(alert));
  }
  for (const entry of context.audit) {
    add({ kind: 'audit', id: entry.id, title: `Your action: ${entry.action}` }, auditText(entry));
  }
  return { system: `${INSTRUCTIONS}\n\n# Sources\n\n${blocks.join('\n\n')}`, sources };
}

export function knowledgeSource(item: KnowledgeRecord): SourceRef {
  return item.kind === 'part'
    ? { kind: 'part', id: item.record.id, title: item.record.name }
    : { kind: 'document', id: item.record.id, title: item.record.title };
}

function knowledgeText(item: KnowledgeRecord): string {
  if (item.kind === 'document') {
    const { title, category, summary, body } = item.record;
    const excerpt =
      body.length > DOCUMENT_EXCERPT_CHARS ? `${body.slice(0, DOCUMENT_EXCERPT_CHARS)} …` : body;
    return `Document "${title}" (${category}). ${summary}\n${excerpt}`;
  }
  const part = item.record;
  const lines = [
    `Part "${part.name}" (${part.category}${part.manufacturer ? `, ${part.manufacturer}` : ''}). ${part.description}`,
  ];
  const limits = [
    part.voltageMin !== null || part.voltageMax !== null
      ? `supply ${part.voltageMin ?? '?'}-${part.voltageMax ?? '?'} V`
      : undefined,
    part.currentMax !== null ? `current up to ${part.currentMax} A` : undefined,
    part.interface ? `interface ${part.interface}` : undefined,
  ].filter((text) => text !== undefined);
  if (limits.length > 0) lines.push(`Limits: ${limits.join(', ')}.`);
  const specs = Object.entries(part.specs);
  if (specs.length > 0) lines.push(`Specs: ${specs.map(([k, v]) => `${k}: ${v}`).join('; ')}.`);
  if (part.pinout.length > 0) {
    lines.push(`Pins: ${part.pinout.map((p) => `${p.pin} = ${p.function}`).join('; ')}.`);
  }
  if (part.datasheetUrl) lines.push(`Datasheet: ${part.datasheetUrl}`);
  return lines.join('\n');
}

export function roverText(rover: RoverStatusDto): string {
  const parts = [
    rover.connected ? `link up on ${rover.link.port}` : `link ${rover.link.state} (not connected)`,
    rover.emergency_stop
      ? 'EMERGENCY STOP LATCHED (motion refused until resumed)'
      : 'e-stop not latched',
    `battery ${rover.battery.percentage ?? '?'} % (${rover.battery.voltage ?? '?'} V)`,
    rover.obstacle_distance === null
      ? 'no obstacle in range'
      : `nearest obstacle ${rover.obstacle_distance} m`,
  ];
  if (rover.last_command) {
    const c = rover.last_command;
    parts.push(`last command ${c.type} at ${c.timestamp} (${c.success ? 'succeeded' : 'failed'})`);
  }
  return `Rover status now: ${parts.join('; ')}.`;
}

function alertText(alert: AlertDto): string {
  return `Alert at ${alert.at}, ${alert.severity}, ${alert.kind}: ${alert.message}${detailsText(alert.details)}`;
}

function auditText(entry: AuditEntryDto): string {
  return `Audit entry at ${entry.at}: ${entry.actor} did ${entry.action}, ${entry.outcome}${detailsText(entry.details)}`;
}

function detailsText(details: Record<string, unknown>): string {
  const json = JSON.stringify(details);
  return json === '{}' ? '' : ` ${json.length > 300 ? `${json.slice(0, 300)}…` : json}`;
}

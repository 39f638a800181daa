import type { PartSeed } from './seed-types';
import { BOARDS } from './parts/boards';
import { SENSORS } from './parts/sensors';
import { MOTOR_DRIVERS } from './parts/motor-drivers';
import { MOTORS } from './parts/motors';
import { REGULATORS } from './parts/regulators';
import { PASSIVES } from './parts/passives';
import { SEMICONDUCTORS } from './parts/semiconductors';
import { BATTERIES } from './parts/batteries';
import { CONNECTORS } from './parts/connectors';
import { COMMUNICATION } from './parts/communication';
import { DISPLAYS } from './parts/displays';
import { MODULES } from './parts/modules';

/*
 * The shipped parts catalogue. Figures come from the parts' datasheets; where a figure varies from
 * seller to seller, or could not be stated with confidence, it is left out of `specs` rather than
 * guessed. Voltages: the supply range the part accepts (for a battery, empty to full). Current: a
 * sensor's operating draw, a driver's or regulator's rated output, a connector's contact rating.
 */

export const SEED_PARTS: readonly PartSeed[] = [
  ...BOARDS,
  ...SENSORS,
  ...MOTOR_DRIVERS,
  ...MOTORS,
  ...REGULATORS,
  ...PASSIVES,
  ...SEMICONDUCTORS,
  ...BATTERIES,
  ...CONNECTORS,
  ...COMMUNICATION,
  ...DISPLAYS,
  ...MODULES,
];

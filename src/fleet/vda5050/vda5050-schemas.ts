import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import connectionSchema from './schemas/connection.schema.json';
import instantActionsSchema from './schemas/instantActions.schema.json';
import stateSchema from './schemas/state.schema.json';
import type { ConnectionMessage, InstantActionsMessage, StateMessage } from './vda5050-messages';

/**
 * The VDA 5050 2.1 JSON schemas, compiled once. `subtopic` is the standard's own annotation (the
 * topic a schema belongs to); it is declared so strict mode keeps catching real schema mistakes.
 */
function compile(): {
  state: ValidateFunction<StateMessage>;
  connection: ValidateFunction<ConnectionMessage>;
  instantActions: ValidateFunction<InstantActionsMessage>;
} {
  const ajv = new Ajv2020({ allErrors: false, strict: true, strictTypes: false });
  addFormats(ajv, ['date-time']);
  ajv.addKeyword({ keyword: 'subtopic', schemaType: 'string' });
  return {
    state: ajv.compile<StateMessage>(stateSchema),
    connection: ajv.compile<ConnectionMessage>(connectionSchema),
    instantActions: ajv.compile<InstantActionsMessage>(instantActionsSchema),
  };
}

export const vda5050Validators = compile();

/** The first schema error, short enough for a log line. */
export function firstSchemaError(validate: ValidateFunction): string {
  const error = validate.errors?.[0];
  if (!error) return 'invalid';
  return `${error.instancePath || '/'} ${error.message ?? 'invalid'}`.slice(0, 200);
}

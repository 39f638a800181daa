import { PartialType } from '@nestjs/swagger';
import { CreateCollisionAvoidanceDto } from './create-collision-avoidance.dto';

/** PUT takes the full CreateCollisionAvoidanceDto; PATCH takes any subset of it. */
export class PatchCollisionAvoidanceDto extends PartialType(CreateCollisionAvoidanceDto, {
  // null is a value to validate (and refuse for required fields), not an absent field
  skipNullProperties: false,
}) {}

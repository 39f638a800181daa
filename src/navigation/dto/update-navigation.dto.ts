import { PartialType } from '@nestjs/swagger';
import { CreateNavigationDto } from './create-navigation.dto';

/** PUT takes the full CreateNavigationDto; PATCH takes any subset of it. */
export class PatchNavigationDto extends PartialType(CreateNavigationDto, {
  // null is a value to validate (and refuse for required fields), not an absent field
  skipNullProperties: false,
}) {}

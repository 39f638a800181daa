import { PartialType } from '@nestjs/swagger';
import { CreateNavigationDto } from './create-navigation.dto';

/** PUT takes the full CreateNavigationDto; PATCH takes any subset of it. */
export class PatchNavigationDto extends PartialType(CreateNavigationDto) {}

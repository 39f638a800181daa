import { Inject, Injectable } from '@nestjs/common';
import { map, merge, type Observable, share } from 'rxjs';
import { AppError } from '../common/errors/app-error';
import type { Page, PaginationQueryDto } from '../common/pagination/pagination.dto';
import type { RobotResponseDto } from './dto/robot-response.dto';
import { FLEET_SOURCES, type FleetSource } from './fleet-source';
import { toRobotResponse } from './fleet.mapper';
import { MirroredFleetSource } from './sources/mirrored-fleet.source';

/**
 * The fleet: every source's robots as one list, and one stream of their updates. It holds no state
 * of its own, so a list never disagrees with what its sources last said.
 */
@Injectable()
export class FleetService {
  /** One emission per robot update, from every source (hot; the list is the snapshot). */
  readonly updates$: Observable<RobotResponseDto>;

  constructor(
    @Inject(FLEET_SOURCES) private readonly sources: readonly FleetSource[],
    mirror: MirroredFleetSource,
  ) {
    // On the owner, what the other instances list; elsewhere this instance's list is the mirror.
    if (!mirror.mirrors) mirror.publishFrom(() => this.sources.flatMap((s) => s.robots()));
    this.updates$ = merge(...sources.map((source) => source.updates$)).pipe(
      map(toRobotResponse),
      share(),
    );
  }

  /** Every robot now, rover first: the snapshot for a new subscriber. */
  robots(): RobotResponseDto[] {
    return this.sources.flatMap((source) => source.robots()).map(toRobotResponse);
  }

  list(query: PaginationQueryDto): Page<RobotResponseDto> {
    const all = this.sources.flatMap((source) => source.robots());
    const start = (query.page - 1) * query.limit;
    return {
      items: all.slice(start, start + query.limit).map(toRobotResponse),
      total: all.length,
      page: query.page,
      limit: query.limit,
    };
  }

  get(id: string): RobotResponseDto {
    for (const source of this.sources) {
      const robot = source.robots().find((candidate) => candidate.id === id);
      if (robot) return toRobotResponse(robot);
    }
    throw AppError.notFound('Robot');
  }
}

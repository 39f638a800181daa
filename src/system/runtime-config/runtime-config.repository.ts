import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { isUniqueViolation } from '../../database/database-errors';
import { WriteLock } from '../../database/write-lock';
import { RuntimeSettingsEntity } from './entities/runtime-settings.entity';

/** The one row's key: there is one set of runtime settings per deployment. */
const ROW_KEY = 'current';

@Injectable()
export class RuntimeConfigRepository {
  constructor(
    @InjectRepository(RuntimeSettingsEntity)
    private readonly repo: Repository<RuntimeSettingsEntity>,
    private readonly writeLock: WriteLock,
  ) {}

  find(): Promise<RuntimeSettingsEntity | null> {
    return this.repo.findOneBy({ key: ROW_KEY });
  }

  /**
   * Stores the row if the stored one still has `basedOn` as its version (0: there is none yet).
   * False when another writer (another instance) got there first; nothing was written then.
   */
  replace(row: Omit<RuntimeSettingsEntity, 'key'>, basedOn: number): Promise<boolean> {
    const entity: RuntimeSettingsEntity = { key: ROW_KEY, ...row };
    return this.writeLock.run(async () => {
      if (basedOn === 0) {
        try {
          await this.repo.insert(entity);
          return true;
        } catch (error) {
          if (isUniqueViolation(error)) return false;
          throw error;
        }
      }
      const result = await this.repo.update(
        { key: ROW_KEY, version: basedOn },
        {
          overrides: entity.overrides,
          version: entity.version,
          updatedAt: entity.updatedAt,
          updatedBy: entity.updatedBy,
        },
      );
      return result.affected === 1;
    });
  }
}

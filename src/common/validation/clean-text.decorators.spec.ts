import { PartialType } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';
import { AppError } from '../errors/app-error';
import { IsCleanName, IsWellFormedText } from './clean-text.decorators';
import { createValidationPipe } from './validation.pipe';

class CreateThingDto {
  @IsCleanName({ maxLength: 10 })
  name!: string;

  @IsOptional()
  @IsString()
  @IsWellFormedText()
  description?: string | null;
}

class PatchThingDto extends PartialType(CreateThingDto, { skipNullProperties: false }) {}

const pipe = createValidationPipe();
const transform = (metatype: new () => object, value: object) =>
  pipe.transform(value, { type: 'body', metatype, data: '' }) as Promise<Record<string, unknown>>;

async function detailsOf(metatype: new () => object, value: object) {
  try {
    await transform(metatype, value);
  } catch (error) {
    if (error instanceof AppError) return error.details;
    throw error;
  }
  throw new Error('expected a validation error');
}

describe(IsCleanName.name, () => {
  it.each([CreateThingDto, PatchThingDto])(
    'should hand the service the trimmed NFC name (%p)',
    async (metatype) => {
      const dto = await transform(metatype, { name: ' cafe\u0301 ' });
      expect(dto.name).toBe('caf\u00e9');
    },
  );

  it.each([CreateThingDto, PatchThingDto])(
    'should refuse a zero-width space with a message naming it (%p)',
    async (metatype) => {
      expect(await detailsOf(metatype, { name: 'nav\u200b' })).toEqual([
        {
          field: 'name',
          messages: [
            expect.stringMatching(/^name must not contain invisible .*U\+200B at index 3/),
          ],
        },
      ]);
    },
  );

  it('should refuse a lone surrogate and say why', async () => {
    const details = await detailsOf(CreateThingDto, { name: 'lone\ud800x' });
    expect(details?.[0].messages).toEqual([
      expect.stringMatching(/^name must be well-formed Unicode text: .*U\+D800 at index 4/),
    ]);
  });

  it('should measure the length after trimming', async () => {
    await expect(transform(CreateThingDto, { name: `  ${'n'.repeat(10)}  ` })).resolves.toEqual({
      name: 'n'.repeat(10),
    });
    expect(await detailsOf(CreateThingDto, { name: 'n'.repeat(11) })).toEqual([
      { field: 'name', messages: ['name must be shorter than or equal to 10 characters'] },
    ]);
  });

  it('should refuse a name of spaces only as empty', async () => {
    expect(await detailsOf(CreateThingDto, { name: ' \u00a0 ' })).toEqual([
      { field: 'name', messages: ['name must not be empty or only spaces'] },
    ]);
  });

  it('should refuse a number without trying to normalise it', async () => {
    const details = await detailsOf(CreateThingDto, { name: 42 });
    expect(details?.[0].messages).toContain('name must be a string');
  });

  it('should leave a PATCH without a name without one', async () => {
    const dto = await transform(PatchThingDto, { description: 'x' });
    expect('name' in dto && dto.name !== undefined).toBe(false);
  });
});

describe(IsWellFormedText.name, () => {
  it('should keep line breaks and zero-width characters in free text', async () => {
    const description = 'line one\nline two\u200b 🚀';
    await expect(transform(CreateThingDto, { name: 'a', description })).resolves.toMatchObject({
      description,
    });
  });

  it('should refuse an unpaired surrogate', async () => {
    expect(await detailsOf(PatchThingDto, { description: 'x\udfff' })).toEqual([
      {
        field: 'description',
        messages: [expect.stringMatching(/^description must be well-formed .*U\+DFFF at index 1/)],
      },
    ]);
  });
});

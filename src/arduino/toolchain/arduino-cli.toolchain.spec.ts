import { libraryNames } from './arduino-cli.toolchain';

describe(libraryNames.name, () => {
  it('should read the 1.x and the 0.x shapes of `lib list --format json`', () => {
    expect(
      libraryNames(
        '{"installed_libraries":[{"library":{"name":"Servo"}},{"library":{"name":"Adafruit_BME280"}}]}',
      ),
    ).toEqual(['Servo', 'Adafruit_BME280']);
    expect(libraryNames('[{"library":{"name":"Servo"}}]')).toEqual(['Servo']);
  });

  it('should drop names that are not plain library names, and survive junk', () => {
    expect(
      libraryNames('[{"library":{"name":"../x"}},{"library":{"name":"-U"}},{"library":{}}]'),
    ).toEqual([]);
    expect(libraryNames('not json')).toEqual([]);
    expect(libraryNames('null')).toEqual([]);
  });
});

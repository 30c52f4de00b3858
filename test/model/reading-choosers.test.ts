import { describe, expect, it } from 'vitest';
import { everyReading, oneReading } from '../../src/model/readings.ts';
import { readingName } from '../../src/spec/reading-name.ts';
import { loadOperationSpecs } from '../../src/spec/load-spec.ts';

const points = loadOperationSpecs().flatMap((spec) => spec.openPoints);
const point = (id: string) => points.find((candidate) => candidate.id === id)!;

describe('reading choosers, which list each point once', () => {
  it.each(['documented', 'aws'] as const)('follow every reading of the %s profile at every point, on every call', (profile) => {
    const choose = everyReading(profile);
    for (const openPoint of points) {
      const expected = openPoint.outcomes.filter((outcome) => outcome.profiles.includes(profile));

      expect(choose(openPoint)).toEqual(expected);
      expect(everyReading(profile)(openPoint)).toEqual(expected);
    }
  });

  it('keep the readings of one profile apart from another', () => {
    const differing = points.find((openPoint) => openPoint.outcomes.some((outcome) => outcome.profiles.includes('aws') !== outcome.profiles.includes('documented')))!;
    everyReading('documented')(differing);

    expect(everyReading('aws')(differing)).toEqual(differing.outcomes.filter((outcome) => outcome.profiles.includes('aws')));
    expect(everyReading('aws')(differing)).not.toEqual(everyReading('documented')(differing));
  });

  it('take, per chooser, the reading it was given, else the default, never another chooser\'s', () => {
    const sensitive = oneReading({ 'email-case': 'case-sensitive' });
    const byDefault = oneReading({});

    expect(sensitive(point('email-case')).map(readingName)).toEqual(['case-sensitive']);
    expect(byDefault(point('email-case')).map(readingName)).toEqual([readingName(point('email-case').outcomes.find((outcome) => outcome.profiles.includes('documented'))!)]);
    expect(sensitive(point('email-case')).map(readingName)).toEqual(['case-sensitive']);
    expect(oneReading({ 'email-case': 'case-insensitive' })(point('email-case')).map(readingName)).toEqual(['case-insensitive']);
  });
});

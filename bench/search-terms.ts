/**
 * Search terms for the benchmarks: words the mail generator (scripts/stack/mailgen) puts in the
 * 100,000-message folder often enough for 1,000 to 8,000 matches each.
 */
export const subjectTerms = [
  'invoice',
  'meeting',
  'review',
  'agenda',
  'workshop',
  'payment',
  'budget',
  'weekend',
];
export const bodyTerms = [
  'kestrel',
  'offsite',
  'retrospective',
  'seville',
  'quartz',
  'lisbon',
  'hosting',
];
export const anyFieldTerms = ['kyoto', 'nairobi', 'melbourne', 'oslo'];

/** English vocabulary the templates draw from (data only). */

export const PROJECTS = [
  'Atlas',
  'Borealis',
  'Cormorant',
  'Delta',
  'Ember',
  'Falcon',
  'Gannet',
  'Harbor',
  'Ibis',
  'Juniper',
  'Kestrel',
  'Lumen',
  'Meridian',
  'Nimbus',
  'Osprey',
  'Petrel',
  'Quartz',
  'Riverbend',
  'Sandpiper',
  'Tidewater',
] as const;
export const TOPICS = [
  'budget',
  'roadmap',
  'onboarding',
  'release',
  'migration',
  'design review',
  'hiring plan',
  'Q3 targets',
  'security audit',
  'launch checklist',
  'retrospective',
  'vendor contract',
  'API changes',
  'support backlog',
  'offsite',
  'pricing page',
  'data retention',
  'accessibility review',
] as const;
export const COMPANIES = [
  'Example Cloud',
  'Example Analytics',
  'Example Books',
  'Example Air',
  'Example Energy',
  'Example Bank',
  'Globex Example',
  'Example Labs',
] as const;
export const CITIES = [
  'Lisbon',
  'Kyoto',
  'Reykjavík',
  'Montréal',
  'São Paulo',
  'Zürich',
  'Oslo',
  'Nairobi',
  'Vancouver',
  'Melbourne',
  'Edinburgh',
  'Seville',
] as const;
export const WEEKDAYS = [
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
] as const;
export const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;
export const TIMES = [
  '9:00',
  '9:30',
  '10:00',
  '11:15',
  '13:00',
  '14:00',
  '15:30',
  '16:30',
] as const;
export const EMOJI = ['🎉', '👍', '✅', '🚀', '☕', '🌞', '📅', '🙂', '❤️', '🌱'] as const;
export const DISHES = [
  'shakshuka',
  'ramen',
  'crème brûlée',
  'paella',
  'banana bread',
  'pho',
  'gnocchi',
] as const;
export const BOOKS = [
  'Middlemarch',
  'The Left Hand of Darkness',
  'Piranesi',
  'Dune',
  'Station Eleven',
] as const;
export const BROWSERS = ['Firefox', 'Chrome', 'Safari', 'Edge'] as const;
export const SYSTEMS = ['Windows', 'macOS', 'Linux', 'iOS', 'Android'] as const;
export const LINE_ITEMS = [
  'Consulting hours',
  'Cloud hosting (monthly)',
  'Support plan',
  'Domain renewal',
  'Design work',
  'Office supplies',
  'Training session',
  'Storage add-on',
] as const;
export const CURRENCIES = ['$', '€', '£'] as const;
export const JOB_TITLES = [
  'Product Manager',
  'Senior Engineer',
  'Designer',
  'Operations Lead',
  'Account Executive',
  'Data Analyst',
] as const;

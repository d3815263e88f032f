/** Greetings, sign-offs, short replies and headlines shared by all English mail (data only). */
import { compileAll } from './templates.ts';

export const HEADLINES = compileAll([
  'Five tips for faster builds',
  "What's new in the {project} API",
  'Spring sale ends {weekday}',
  'Meet the team behind {project}',
  'Our year in review',
  'A security update you should know about',
  'The state of remote work',
  'How we cut costs by {percent}',
  'Community spotlight: {city}',
  'Ten books for your summer list',
]);
export const GREETINGS = compileAll([
  'Hi {name},',
  'Hello {name},',
  'Hey {name}!',
  'Dear {name},',
  '{name},',
  'Hi all,',
]);
export const SERVICE_GREETINGS = compileAll([
  'Hello,',
  'Hi {name},',
  'Dear customer,',
  'Hello {name},',
]);
export const NEWSLETTER_GREETINGS = compileAll(['Hi {name},', 'Hello {name}!', 'Hi there,']);
export const SIGN_OFFS = [
  'Thanks,',
  'Best,',
  'Cheers,',
  'Best regards,',
  'Kind regards,',
  'Talk soon,',
  'Thanks!',
] as const;
export const SHORT_REPLIES = compileAll([
  'Sounds good, thanks!',
  'Works for me 👍',
  "Thanks, I'll take a look.",
  'Great, see you then.',
  'Perfect — thank you!',
  'Got it.',
  'Can we push this to {weekday}?',
  'Yes, {time} works.',
]);

/** The kinds of mail and the subjects, sentences and attachments each uses (mostly data). */
import type { AttachmentKind } from './attachments.ts';
import type { Template } from './templates.ts';
import { compileAll } from './templates.ts';

export type Category =
  'personal' | 'meeting' | 'project' | 'newsletter' | 'invoice' | 'notification' | 'travel';
export type ServiceCategory = 'newsletter' | 'invoice' | 'notification' | 'travel';

interface CategorySpec {
  readonly subjects: readonly Template[];
  readonly sentences: readonly Template[];
  readonly bullets: readonly Template[];
  /** Chance that a new message of this kind starts a conversation. */
  readonly threadStart: number;
  readonly attachments: readonly AttachmentKind[];
}

export const CATEGORIES: Readonly<Record<Category, CategorySpec>> = {
  personal: {
    subjects: compileAll([
      'Dinner on {weekday}?',
      'Photos from the weekend',
      'Happy birthday! {emoji}',
      'Quick question',
      'Are you free {weekday}?',
      'That book I mentioned',
      'Hiking trip to {city}',
      'Recipe: {dish}',
      'Catching up',
      'Congrats on the new job!',
      'Weekend plans {emoji}',
      'Café on {weekday}?',
      'Trip to {city} in {month}',
    ]),
    sentences: compileAll([
      'It was great to see you last {weekday}.',
      'Are you around this weekend?',
      'I finally tried making {dish} and it turned out great.',
      'We are thinking about a trip to {city} in {month}.',
      'Let me know what works for you.',
      'The kids keep asking when you will visit again.',
      'I just finished reading {book} and loved it.',
      'No rush at all, whenever you have time.',
      'Say hi to everyone for me {emoji}',
      'The weather here has been lovely lately.',
      'I owe you a coffee ☕ for the help last week.',
      'Did you ever hear back about the apartment?',
      'We should plan something before the end of {month}.',
      'Hope you are doing well.',
      'Sorry for the slow reply, it has been a busy week.',
    ]),
    bullets: compileAll([
      'Bring a jacket',
      'Train leaves at {time}',
      'Dinner at the usual place',
      'Tickets are booked',
    ]),
    threadStart: 0.35,
    attachments: ['png', 'png', 'txt', 'zip', 'pdf'],
  },
  meeting: {
    subjects: compileAll([
      'Meeting notes: {topic}',
      '{project} sync — {weekday}',
      "Agenda for {weekday}'s {topic} meeting",
      'Rescheduling our {topic} call',
      'Notes from the {topic} workshop',
      'Invitation: {topic} review @ {weekday} {time}',
      "Follow-up from today's meeting",
      'Can we move the {topic} meeting?',
    ]),
    sentences: compileAll([
      "Thanks everyone for joining today's call.",
      'Here are the notes from our discussion about {topic}.',
      'We agreed to revisit the {topic} plan next {weekday}.',
      '{count} people confirmed for the workshop so far.',
      'The meeting room on the third floor is booked from {time}.',
      'Please add any missing items to the shared agenda.',
      'Action items are listed below; shout if I missed anything.',
      'We ran out of time before discussing the {project} timeline.',
      'The dial-in link is the same as last week.',
      'Can we keep the next session to thirty minutes?',
      'Decision: we go ahead with option B for {topic}.',
      "Let's aim to wrap this up before the end of {month}.",
      'Let me know if you have any questions.',
    ]),
    bullets: compileAll([
      '{me} to draft the {topic} proposal',
      'Review the {project} budget by {weekday}',
      'Share the slides with the wider team',
      'Book a room for the follow-up',
      'Collect feedback from {company}',
      'Update the {topic} tracker',
    ]),
    threadStart: 0.35,
    attachments: ['ics', 'ics', 'pdf', 'txt'],
  },
  project: {
    subjects: compileAll([
      '{project} status update',
      '{project}: {topic} progress',
      'Weekly update — {project}',
      'Blocked on {topic}',
      'Draft proposal for {topic}',
      '[{project}] release {version} is out',
      'Numbers for {month}',
      '{project} retro notes',
      'Question about the {topic} estimate',
    ]),
    sentences: compileAll([
      'The {project} team shipped the {topic} changes this week.',
      'We are about {percent} done with the migration.',
      'Two issues are still open and both are waiting on {company}.',
      'Build times dropped noticeably after the cache change.',
      'I updated the roadmap to reflect the new {month} deadline.',
      'The staging environment is green again.',
      'We need a decision on {topic} before we can continue.',
      'Test coverage for the {project} API is now at {percent}.',
      'I have attached the latest numbers for review.',
      'Next milestone: feature freeze on {weekday}.',
      'Customer feedback on the beta has been positive so far.',
      'We pushed the {topic} work to next sprint to reduce risk.',
      'Happy to jump on a call if that is easier.',
      'I will follow up once I hear back.',
    ]),
    bullets: compileAll([
      'Done: {topic} cleanup',
      'In progress: {project} dashboard',
      'Blocked: waiting on {company} for API keys',
      'Next: load testing in staging',
      'Done: fixed {count} flaky tests',
      'In progress: docs for {topic}',
    ]),
    threadStart: 0.35,
    attachments: ['csv', 'png', 'zip', 'pdf', 'txt'],
  },
  newsletter: {
    subjects: compileAll([
      '{company}: {headline}',
      'This week in {topic}',
      '{month} newsletter — {headline}',
      'Your {month} digest',
      '{headline}',
      '🚀 {headline}',
      'Last chance: {percent} off until {weekday}',
    ]),
    sentences: compileAll([
      "Welcome to this week's edition of the {company} newsletter.",
      'Here is what happened in {topic} over the past week.',
      'Thanks for being a subscriber — we have a packed issue for you.',
      'Grab a coffee ☕ and catch up on the latest news.',
    ]),
    bullets: compileAll([
      'A short read on how teams approach {topic} in practice.',
      'We interviewed {count} customers about their {topic} workflow.',
      'Everything you need to know before the {month} release.',
      'Our engineers share lessons learned from running {project}.',
      'Tips, tricks and a few surprises from the community.',
    ]),
    threadStart: 0,
    attachments: ['pdf'],
  },
  invoice: {
    subjects: compileAll([
      'Invoice INV-{n} from {company}',
      'Your receipt from {company}',
      'Payment reminder: invoice {n}',
      '{company} statement for {month}',
      'Order #{n} confirmed',
      'Your subscription renews on {weekday}',
    ]),
    sentences: compileAll([
      'Thank you for your business.',
      'Your invoice for {month} is attached as a PDF.',
      'Payment is due within 30 days of the invoice date.',
      'If you have already paid, please disregard this reminder.',
      'You can view your billing history at any time in your account.',
      'Questions about this invoice? Just reply to this email.',
    ]),
    bullets: [],
    threadStart: 0.05,
    attachments: ['pdf', 'pdf', 'csv'],
  },
  notification: {
    subjects: compileAll([
      'Password changed',
      'New sign-in from {browser} on {os}',
      '[{project}] Pull request #{n}: {topic}',
      'Reminder: {topic} due {weekday}',
      'Your export is ready',
      '[{project}] Build #{n} failed',
      'Security alert for your account',
      'Someone mentioned you in {project}',
    ]),
    sentences: compileAll([
      'We noticed a new sign-in to your account from {browser} on {os}.',
      'If this was you, there is nothing else to do.',
      'If you did not make this change, please reset your password right away.',
      'Your data export finished and is ready to download.',
      'The build failed on the main branch after {count} steps.',
      'This is an automated message; replies are not monitored.',
      'You are receiving this because you watch {project}.',
    ]),
    bullets: [],
    threadStart: 0,
    attachments: ['pdf', 'txt'],
  },
  travel: {
    subjects: compileAll([
      'Your flight to {city} is confirmed',
      'Booking confirmation #{n}',
      'Itinerary for {city}',
      'Check-in is now open for your trip to {city}',
      'Hotel reservation in {city}',
    ]),
    sentences: compileAll([
      'Thanks for booking with {company}.',
      'Your trip to {city} is confirmed.',
      'Check-in opens 24 hours before departure.',
      'Please arrive at the airport at least two hours early.',
      'You can manage your booking online at any time.',
      'Your e-ticket is attached to this email.',
    ]),
    bullets: [],
    threadStart: 0.05,
    attachments: ['pdf', 'ics'],
  },
};

export function isService(category: Category): category is ServiceCategory {
  return (
    category === 'newsletter' ||
    category === 'invoice' ||
    category === 'notification' ||
    category === 'travel'
  );
}

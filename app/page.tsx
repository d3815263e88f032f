import { redirect } from 'next/navigation';
import { defaultReturnPath } from '@/lib/client/return-path';

/** The inbox is home; signed-out visitors are sent on to the login page from there. */
export default function HomePage() {
  redirect(defaultReturnPath);
}

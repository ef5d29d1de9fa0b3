import { redirect } from 'next/navigation';

export default function ConferencingPage() {
  redirect('/conferencing/pin-policies');
}

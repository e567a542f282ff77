import type { MetaFunction } from '@remix-run/node';
import { useLoaderData } from '@remix-run/react';

export const meta: MetaFunction = () => [{ title: 'Vertailusivu' }];

/** A loader that returns a constant and a one-heading component, as the app's bare route (/bench). */
export async function loader() {
  return { text: 'Vertailusivu' };
}

export default function Bare() {
  const { text } = useLoaderData<typeof loader>();
  return <h1>{text}</h1>;
}

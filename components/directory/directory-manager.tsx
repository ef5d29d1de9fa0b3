'use client';
import { useState } from 'react';
import type { SourceWithRuns } from '@/lib/directory/directory-service';
import { SourceCard } from './source-card';
import { SourceForm } from './source-form';

type Defaults = { filter: string; disabledFilter: string; attributes: Record<string, string> };

/** The sources, each with its actions, and the form to add or edit an LDAP source. */
export function DirectoryManager({ sources, defaults }: { sources: SourceWithRuns[]; defaults: Defaults }) {
  const [editing, setEditing] = useState<SourceWithRuns | 'new' | null>(null);
  return (
    <div className="space-y-4">
      {editing ? (
        <SourceForm
          key={editing === 'new' ? 'new' : editing.id}
          source={editing === 'new' ? null : editing}
          defaults={defaults}
          onDone={() => setEditing(null)}
        />
      ) : (
        <button type="button" onClick={() => setEditing('new')} className="rounded bg-brand-600 px-4 py-2 text-white">
          Add LDAP source
        </button>
      )}
      {sources.length === 0 && (
        <p className="text-slate-600">No directory source yet: add your Active Directory, or import a Skype for Business export below.</p>
      )}
      {sources.map((source) => (
        <SourceCard key={source.id} source={source} onEdit={() => setEditing(source)} />
      ))}
    </div>
  );
}

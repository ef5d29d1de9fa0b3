'use client';
import { useState } from 'react';
import { Dialog } from '@/components/ui/dialog';
import { DialogFooter } from '@/components/ui/dialog-footer';

/** Presets → All users in an OU: pick the OU; its child OUs are included. */
export function OuPresetDialog({ orgUnits, onChoose, onClose }: { orgUnits: string[]; onChoose: (dn: string) => void; onClose: () => void }) {
  const [dn, setDn] = useState(orgUnits[0] ?? '');
  return (
    <Dialog open title="All users in an OU" onClose={onClose}>
      <form
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          if (dn) onChoose(dn);
        }}
      >
        <div>
          <label htmlFor="preset-ou" className="text-sm text-slate-700">
            Organizational unit
          </label>
          <select id="preset-ou" value={dn} onChange={(e) => setDn(e.target.value)} className="mt-1 block w-full rounded border border-slate-300 px-2 py-2">
            {orgUnits.map((ou) => (
              <option key={ou} value={ou}>
                {ou}
              </option>
            ))}
          </select>
          <p className="mt-1 text-sm text-slate-600">Selects every user in this OU and in the OUs below it.</p>
        </div>
        <DialogFooter submitLabel="Select users" pending={orgUnits.length === 0} onCancel={onClose} />
      </form>
    </Dialog>
  );
}

/** What the API and the pages say once a job's PINs are gone, by why they were erased. */
const erased: Record<string, string> = {
  saved: 'The PINs of this job were erased after the administrator confirmed they saved the downloaded file.',
  downloaded: 'The PINs of this job were downloaded and then erased from the server.',
  dismissed: 'The PINs of this job were dismissed: erased from the server without being shown.',
  expired: 'The PINs of this job were erased from the server 24 hours after the job started.',
};

export const pinsGoneMessage = (why: string | null) => (why && erased[why]) ?? 'The PINs of this job have been erased from the server.';

/** Erase and Dismiss wait for the job's end: a batch committed later would hold PINs nobody could read. */
export const JOB_STILL_RUNNING =
  'The job is still running: its PINs can be erased once it has finished. Download the CSV again then, so the file holds every PIN.';

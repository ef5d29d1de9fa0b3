/**
 * Who may do what with a bulk job: every administrator may follow its progress and results;
 * only its creator sees its PINs (a PIN is shown only to whoever set it); its creator or a
 * CsAdministrator may cancel it.
 */
type Viewer = { id: string; roles: readonly string[] };
type Job = { createdById: string };

export const maySeeJobPins = (viewer: Viewer, job: Job) => viewer.id === job.createdById;

export const mayCancelJob = (viewer: Viewer, job: Job) => viewer.id === job.createdById || viewer.roles.includes('CsAdministrator');

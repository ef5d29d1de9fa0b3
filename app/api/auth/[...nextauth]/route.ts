import { handlers } from '@/lib/auth/auth';
import { withOidcCallbackAudit } from '@/lib/auth/oidc-callback-route';

export const GET = withOidcCallbackAudit(handlers.GET);
export const POST = handlers.POST;

import { handlers } from '@/lib/auth/auth';
import { withOidcCallbackAudit } from '@/lib/auth/oidc-callback-route';
import { withPublicOrigin } from '@/lib/auth/public-origin-request';

export const GET = withOidcCallbackAudit(handlers.GET);
export const POST = withPublicOrigin(handlers.POST);

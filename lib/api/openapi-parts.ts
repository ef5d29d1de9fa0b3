/** Pieces the scripting endpoints' OpenAPI descriptions share (openapi-scripting, -directory, -roles). */
export const json = (schema: object) => ({ 'application/json': { schema } });
export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
/** A response carrying the scripting routes' error object. */
export const error = (description: string) => ({ description, content: json(ref('ScriptError')) });
/** A personal API token, or the signed-in browser session. */
export const security = [{ apiToken: [] }, { sessionCookie: [] }];

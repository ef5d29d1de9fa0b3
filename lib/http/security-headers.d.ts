export declare const SECURITY_HEADERS: ReadonlyArray<{ key: string; value: string }>;
export declare const HTTPS_ONLY_HEADERS: ReadonlyArray<{ key: string; value: string }>;
export declare const API_CONTENT_SECURITY_POLICY: ReadonlyArray<{ key: string; value: string }>;

export declare const PRIVATE_HEADER_PREFIX: 'x-pindesk-';
export declare const CLIENT_ADDRESS_HEADER: 'x-pindesk-client-address';
export declare const CLIENT_PROTO_HEADER: 'x-pindesk-client-proto';

/** Version of the REST contract (info.version); bump it with the changes openapi:diff reports. */
export const API_CONTRACT_VERSION = '1.0.0';

/** Where the document and its UI are served (when API_DOCS_ENABLED). */
export const OPENAPI_JSON_PATH = '/openapi.json';
export const API_DOCS_PATH = '/docs';

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** Security scheme names: RealWorld's `Authorization: Token <jwt>`, and the common Bearer form. */
export const TOKEN_SCHEME = 'Token';
export const BEARER_SCHEME = 'Bearer';

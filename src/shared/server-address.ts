/** host:port of a redis:// or mongodb:// URL for a message, without the credentials it may carry. */
export const serverOf = (url: string): string => url.replace(/^[a-z+]+:\/\/([^@/]*@)?/i, "").replace(/[/?].*$/, "") || url;

/**
 * Just enough MIME (RFC 2045/2046) to let the SMTP peer show what a supplier would see: unfolded
 * headers, nested multipart bodies, base64 and quoted-printable parts, attachment file names.
 */
export interface MimePart {
  headers: Record<string, string>;
  contentType: string;
  filename: string | undefined;
  content: Buffer;
}

export const parseHeaders = (block: string): Record<string, string> => {
  const headers: Record<string, string> = {};
  for (const line of block.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const i = line.indexOf(":");
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return headers;
};

const splitHead = (text: string): [string, string] => {
  const m = /\r?\n\r?\n/.exec(text);
  return m ? [text.slice(0, m.index), text.slice(m.index + m[0].length)] : [text, ""];
};

const param = (header: string | undefined, name: string): string | undefined => {
  const m = new RegExp(`${name}\\*?=("([^"]*)"|[^;\\s]+)`, "i").exec(header ?? "");
  return m ? (m[2] ?? m[1]) : undefined;
};

const decode = (body: string, encoding: string | undefined): Buffer => {
  const enc = (encoding ?? "7bit").toLowerCase();
  if (enc === "base64") return Buffer.from(body.replace(/\s+/g, ""), "base64");
  if (enc === "quoted-printable") {
    const soft = body.replace(/=\r?\n/g, "");
    return Buffer.from(soft.replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))), "latin1");
  }
  return Buffer.from(body, "utf8");
};

export const parseMime = (raw: string): { headers: Record<string, string>; parts: MimePart[] } => {
  const [head, body] = splitHead(raw);
  const headers = parseHeaders(head);
  return { headers, parts: leafParts(headers, body, 0) };
};

const leafParts = (headers: Record<string, string>, body: string, depth: number): MimePart[] => {
  const type = headers["content-type"] ?? "text/plain";
  const boundary = param(type, "boundary");
  if (/^multipart\//i.test(type) && boundary && depth < 5) {
    const chunks = body.split(`--${boundary}`).slice(1);
    return chunks
      .filter((c) => !c.startsWith("--"))
      .flatMap((c) => {
        const [h, b] = splitHead(c.replace(/^\r?\n/, ""));
        return leafParts(parseHeaders(h), b.replace(/\r?\n$/, ""), depth + 1);
      });
  }
  const filename = param(headers["content-disposition"], "filename") ?? param(type, "name");
  return [{ headers, contentType: type.split(";")[0]?.trim().toLowerCase() ?? "text/plain", filename, content: decode(body, headers["content-transfer-encoding"]) }];
};

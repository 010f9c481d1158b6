// The HTTP servers the course's images run, as far as a client sees them: a response to one
// request, with the status line and headers the real server sends and the file's bytes. Files
// come from the container's filesystem; the pages a server ships with (nginx's welcome page,
// Apache's "It works!") are what their packages install at those paths.
import type { ContainerFs } from '../storage/container-fs.ts';
import { normalizePath } from '../storage/file-tree.ts';

export const NGINX_WELCOME = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

export const APACHE_IT_WORKS = '<html><body><h1>It works!</h1></body></html>\n';

/** Pages installed with the server packages, for image files the catalogue lists without bytes. */
const SHIPPED: Record<string, string> = {
  '/usr/share/nginx/html/index.html': NGINX_WELCOME,
  '/usr/local/apache2/htdocs/index.html': APACHE_IT_WORKS,
};

export interface HttpResponse {
  status: number;
  reason: string;
  body: string;
  /** The whole response as it goes over the wire. */
  raw: string;
}

const REASONS: Record<number, string> = {
  200: 'OK',
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
};

function errorPage(server: 'nginx' | 'apache' | 'busybox', status: number): string {
  const reason = REASONS[status]!;
  if (server === 'nginx')
    return `<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n<center><h1>${status} ${reason}</h1></center>\r\n<hr><center>nginx/1.27.0</center>\r\n</body>\r\n</html>\r\n`;
  if (server === 'apache')
    return `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>${status} ${reason}</title>\n</head><body>\n<h1>${reason}</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n`;
  return `<HTML><HEAD><TITLE>${status} ${reason}</TITLE></HEAD>\n<BODY><H1>${status} ${reason}</H1>\nThe requested URL was not found\n</BODY></HTML>\n`;
}

/** Answer one request (the bytes a client sent) the way the server would. */
export function httpRespond(
  server: 'nginx' | 'apache' | 'busybox',
  root: string,
  request: string,
  fs: ContainerFs | null,
): HttpResponse {
  const match = /^(GET|HEAD) (\S+) HTTP\/1\.[01]\r?\n/.exec(request);
  let status = 200;
  let body = '';
  if (!match) status = 400;
  else {
    const urlPath = decodeURIComponent(match[2]!.split('?')[0]!);
    let path = normalizePath(`.${urlPath}`, root);
    if (fs?.node(path)?.kind === 'dir' || urlPath.endsWith('/'))
      path = normalizePath('index.html', path);
    const read = fs?.readFile(path);
    if (read?.ok) body = read.text === '' ? (SHIPPED[path] ?? '') : read.text;
    else status = 404;
  }
  if (status !== 200) body = errorPage(server, status);
  const reason = REASONS[status]!;
  const headers =
    server === 'nginx'
      ? ['Server: nginx/1.27.0', 'Content-Type: text/html', `Content-Length: ${body.length}`]
      : server === 'apache'
        ? [
            'Server: Apache/2.4.62 (Unix)',
            `Content-Length: ${body.length}`,
            'Content-Type: text/html',
          ]
        : ['Content-type: text/html', `Content-Length: ${body.length}`];
  const raw = `HTTP/1.1 ${status} ${reason}\r\n${[...headers, 'Connection: close'].join('\r\n')}\r\n\r\n${match?.[1] === 'HEAD' ? '' : body}`;
  return { status, reason, body, raw };
}

import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 832:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

var aws4 = exports,
    url = __nccwpck_require__(16),
    querystring = __nccwpck_require__(480),
    crypto = __nccwpck_require__(982),
    lru = __nccwpck_require__(638),
    credentialsCache = lru(1000)

// http://docs.amazonwebservices.com/general/latest/gr/signature-version-4.html

function hmac(key, string, encoding) {
  return crypto.createHmac('sha256', key).update(string, 'utf8').digest(encoding)
}

function hash(string, encoding) {
  return crypto.createHash('sha256').update(string, 'utf8').digest(encoding)
}

// This function assumes the string has already been percent encoded
function encodeRfc3986(urlEncodedString) {
  return urlEncodedString.replace(/[!'()*]/g, function(c) {
    return '%' + c.charCodeAt(0).toString(16).toUpperCase()
  })
}

function encodeRfc3986Full(str) {
  return encodeRfc3986(encodeURIComponent(str))
}

// A bit of a combination of:
// https://github.com/aws/aws-sdk-java-v2/blob/dc695de6ab49ad03934e1b02e7263abbd2354be0/core/auth/src/main/java/software/amazon/awssdk/auth/signer/internal/AbstractAws4Signer.java#L59
// https://github.com/aws/aws-sdk-js/blob/18cb7e5b463b46239f9fdd4a65e2ff8c81831e8f/lib/signers/v4.js#L191-L199
// https://github.com/mhart/aws4fetch/blob/b3aed16b6f17384cf36ea33bcba3c1e9f3bdfefd/src/main.js#L25-L34
var HEADERS_TO_IGNORE = {
  'authorization': true,
  'connection': true,
  'x-amzn-trace-id': true,
  'user-agent': true,
  'expect': true,
  'presigned-expires': true,
  'range': true,
}

// request: { path | body, [host], [method], [headers], [service], [region] }
// credentials: { accessKeyId, secretAccessKey, [sessionToken] }
function RequestSigner(request, credentials) {

  if (typeof request === 'string') request = url.parse(request)

  var headers = request.headers = Object.assign({}, (request.headers || {})),
      hostParts = (!this.service || !this.region) && this.matchHost(request.hostname || request.host || headers.Host || headers.host)

  this.request = request
  this.credentials = credentials || this.defaultCredentials()

  this.service = request.service || hostParts[0] || ''
  this.region = request.region || hostParts[1] || 'us-east-1'

  // SES uses a different domain from the service name
  if (this.service === 'email') this.service = 'ses'

  if (!request.method && request.body)
    request.method = 'POST'

  if (!headers.Host && !headers.host) {
    headers.Host = request.hostname || request.host || this.createHost()

    // If a port is specified explicitly, use it as is
    if (request.port)
      headers.Host += ':' + request.port
  }
  if (!request.hostname && !request.host)
    request.hostname = headers.Host || headers.host

  this.isCodeCommitGit = this.service === 'codecommit' && request.method === 'GIT'

  this.extraHeadersToIgnore = request.extraHeadersToIgnore || Object.create(null)
  this.extraHeadersToInclude = request.extraHeadersToInclude || Object.create(null)
}

RequestSigner.prototype.matchHost = function(host) {
  var match = (host || '').match(/([^\.]{1,63})\.(?:([^\.]{0,63})\.)?amazonaws\.com(\.cn)?$/)
  var hostParts = (match || []).slice(1, 3)

  // ES's hostParts are sometimes the other way round, if the value that is expected
  // to be region equals ‘es’ switch them back
  // e.g. search-cluster-name-aaaa00aaaa0aaa0aaaaaaa0aaa.us-east-1.es.amazonaws.com
  if (hostParts[1] === 'es' || hostParts[1] === 'aoss')
    hostParts = hostParts.reverse()

  if (hostParts[1] == 's3') {
    hostParts[0] = 's3'
    hostParts[1] = 'us-east-1'
  } else {
    for (var i = 0; i < 2; i++) {
      if (/^s3-/.test(hostParts[i])) {
        hostParts[1] = hostParts[i].slice(3)
        hostParts[0] = 's3'
        break
      }
    }
  }

  return hostParts
}

// http://docs.aws.amazon.com/general/latest/gr/rande.html
RequestSigner.prototype.isSingleRegion = function() {
  // Special case for S3 and SimpleDB in us-east-1
  if (['s3', 'sdb'].indexOf(this.service) >= 0 && this.region === 'us-east-1') return true

  return ['cloudfront', 'ls', 'route53', 'iam', 'importexport', 'sts']
    .indexOf(this.service) >= 0
}

RequestSigner.prototype.createHost = function() {
  var region = this.isSingleRegion() ? '' : '.' + this.region,
      subdomain = this.service === 'ses' ? 'email' : this.service
  return subdomain + region + '.amazonaws.com'
}

RequestSigner.prototype.prepareRequest = function() {
  this.parsePath()

  var request = this.request, headers = request.headers, query

  if (request.signQuery) {

    this.parsedPath.query = query = this.parsedPath.query || {}

    if (this.credentials.sessionToken)
      query['X-Amz-Security-Token'] = this.credentials.sessionToken

    if (this.service === 's3' && !query['X-Amz-Expires'])
      query['X-Amz-Expires'] = 86400

    if (query['X-Amz-Date'])
      this.datetime = query['X-Amz-Date']
    else
      query['X-Amz-Date'] = this.getDateTime()

    query['X-Amz-Algorithm'] = 'AWS4-HMAC-SHA256'
    query['X-Amz-Credential'] = this.credentials.accessKeyId + '/' + this.credentialString()
    query['X-Amz-SignedHeaders'] = this.signedHeaders()

  } else {

    if (!request.doNotModifyHeaders && !this.isCodeCommitGit) {
      if (request.body && !headers['Content-Type'] && !headers['content-type'])
        headers['Content-Type'] = 'application/x-www-form-urlencoded; charset=utf-8'

      if (request.body && !headers['Content-Length'] && !headers['content-length'])
        headers['Content-Length'] = Buffer.byteLength(request.body)

      if (this.credentials.sessionToken && !headers['X-Amz-Security-Token'] && !headers['x-amz-security-token'])
        headers['X-Amz-Security-Token'] = this.credentials.sessionToken

      if (this.service === 's3' && !headers['X-Amz-Content-Sha256'] && !headers['x-amz-content-sha256'])
        headers['X-Amz-Content-Sha256'] = hash(this.request.body || '', 'hex')

      if (headers['X-Amz-Date'] || headers['x-amz-date'])
        this.datetime = headers['X-Amz-Date'] || headers['x-amz-date']
      else
        headers['X-Amz-Date'] = this.getDateTime()
    }

    delete headers.Authorization
    delete headers.authorization
  }
}

RequestSigner.prototype.sign = function() {
  if (!this.parsedPath) this.prepareRequest()

  if (this.request.signQuery) {
    this.parsedPath.query['X-Amz-Signature'] = this.signature()
  } else {
    this.request.headers.Authorization = this.authHeader()
  }

  this.request.path = this.formatPath()

  return this.request
}

RequestSigner.prototype.getDateTime = function() {
  if (!this.datetime) {
    var headers = this.request.headers,
      date = new Date(headers.Date || headers.date || new Date)

    this.datetime = date.toISOString().replace(/[:\-]|\.\d{3}/g, '')

    // Remove the trailing 'Z' on the timestamp string for CodeCommit git access
    if (this.isCodeCommitGit) this.datetime = this.datetime.slice(0, -1)
  }
  return this.datetime
}

RequestSigner.prototype.getDate = function() {
  return this.getDateTime().substr(0, 8)
}

RequestSigner.prototype.authHeader = function() {
  return [
    'AWS4-HMAC-SHA256 Credential=' + this.credentials.accessKeyId + '/' + this.credentialString(),
    'SignedHeaders=' + this.signedHeaders(),
    'Signature=' + this.signature(),
  ].join(', ')
}

RequestSigner.prototype.signature = function() {
  var date = this.getDate(),
      cacheKey = [this.credentials.secretAccessKey, date, this.region, this.service].join(),
      kDate, kRegion, kService, kCredentials = credentialsCache.get(cacheKey)
  if (!kCredentials) {
    kDate = hmac('AWS4' + this.credentials.secretAccessKey, date)
    kRegion = hmac(kDate, this.region)
    kService = hmac(kRegion, this.service)
    kCredentials = hmac(kService, 'aws4_request')
    credentialsCache.set(cacheKey, kCredentials)
  }
  return hmac(kCredentials, this.stringToSign(), 'hex')
}

RequestSigner.prototype.stringToSign = function() {
  return [
    'AWS4-HMAC-SHA256',
    this.getDateTime(),
    this.credentialString(),
    hash(this.canonicalString(), 'hex'),
  ].join('\n')
}

RequestSigner.prototype.canonicalString = function() {
  if (!this.parsedPath) this.prepareRequest()

  var pathStr = this.parsedPath.path,
      query = this.parsedPath.query,
      headers = this.request.headers,
      queryStr = '',
      normalizePath = this.service !== 's3',
      decodePath = this.service === 's3' || this.request.doNotEncodePath,
      decodeSlashesInPath = this.service === 's3',
      firstValOnly = this.service === 's3',
      bodyHash

  if (this.service === 's3' && this.request.signQuery) {
    bodyHash = 'UNSIGNED-PAYLOAD'
  } else if (this.isCodeCommitGit) {
    bodyHash = ''
  } else {
    bodyHash = headers['X-Amz-Content-Sha256'] || headers['x-amz-content-sha256'] ||
      hash(this.request.body || '', 'hex')
  }

  if (query) {
    var reducedQuery = Object.keys(query).reduce(function(obj, key) {
      if (!key) return obj
      obj[encodeRfc3986Full(key)] = !Array.isArray(query[key]) ? query[key] :
        (firstValOnly ? query[key][0] : query[key])
      return obj
    }, {})
    var encodedQueryPieces = []
    Object.keys(reducedQuery).sort().forEach(function(key) {
      if (!Array.isArray(reducedQuery[key])) {
        encodedQueryPieces.push(key + '=' + encodeRfc3986Full(reducedQuery[key]))
      } else {
        reducedQuery[key].map(encodeRfc3986Full).sort()
          .forEach(function(val) { encodedQueryPieces.push(key + '=' + val) })
      }
    })
    queryStr = encodedQueryPieces.join('&')
  }
  if (pathStr !== '/') {
    if (normalizePath) pathStr = pathStr.replace(/\/{2,}/g, '/')
    pathStr = pathStr.split('/').reduce(function(path, piece) {
      if (normalizePath && piece === '..') {
        path.pop()
      } else if (!normalizePath || piece !== '.') {
        if (decodePath) piece = decodeURIComponent(piece.replace(/\+/g, ' '))
        path.push(encodeRfc3986Full(piece))
      }
      return path
    }, []).join('/')
    if (pathStr[0] !== '/') pathStr = '/' + pathStr
    if (decodeSlashesInPath) pathStr = pathStr.replace(/%2F/g, '/')
  }

  return [
    this.request.method || 'GET',
    pathStr,
    queryStr,
    this.canonicalHeaders() + '\n',
    this.signedHeaders(),
    bodyHash,
  ].join('\n')
}

RequestSigner.prototype.filterHeaders = function() {
  var headers = this.request.headers,
      extraHeadersToInclude = this.extraHeadersToInclude,
      extraHeadersToIgnore = this.extraHeadersToIgnore
  this.filteredHeaders = Object.keys(headers)
    .map(function(key) { return [key.toLowerCase(), headers[key]] })
    .filter(function(entry) {
      return extraHeadersToInclude[entry[0]] ||
        (HEADERS_TO_IGNORE[entry[0]] == null && !extraHeadersToIgnore[entry[0]])
    })
    .sort(function(a, b) { return a[0] < b[0] ? -1 : 1 })
}

RequestSigner.prototype.canonicalHeaders = function() {
  if (!this.filteredHeaders) this.filterHeaders()

  return this.filteredHeaders.map(function(entry) {
    return entry[0] + ':' + entry[1].toString().trim().replace(/\s+/g, ' ')
  }).join('\n')
}

RequestSigner.prototype.signedHeaders = function() {
  if (!this.filteredHeaders) this.filterHeaders()

  return this.filteredHeaders.map(function(entry) { return entry[0] }).join(';')
}

RequestSigner.prototype.credentialString = function() {
  return [
    this.getDate(),
    this.region,
    this.service,
    'aws4_request',
  ].join('/')
}

RequestSigner.prototype.defaultCredentials = function() {
  var env = process.env
  return {
    accessKeyId: env.AWS_ACCESS_KEY_ID || env.AWS_ACCESS_KEY,
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY || env.AWS_SECRET_KEY,
    sessionToken: env.AWS_SESSION_TOKEN,
  }
}

RequestSigner.prototype.parsePath = function() {
  var path = this.request.path || '/'

  // S3 doesn't always encode characters > 127 correctly and
  // all services don't encode characters > 255 correctly
  // So if there are non-reserved chars (and it's not already all % encoded), just encode them all
  if (/[^0-9A-Za-z;,/?:@&=+$\-_.!~*'()#%]/.test(path)) {
    path = encodeURI(decodeURI(path))
  }

  var queryIx = path.indexOf('?'),
      query = null

  if (queryIx >= 0) {
    query = querystring.parse(path.slice(queryIx + 1))
    path = path.slice(0, queryIx)
  }

  this.parsedPath = {
    path: path,
    query: query,
  }
}

RequestSigner.prototype.formatPath = function() {
  var path = this.parsedPath.path,
      query = this.parsedPath.query

  if (!query) return path

  // Services don't support empty query string keys
  if (query[''] != null) delete query['']

  return path + '?' + encodeRfc3986(querystring.stringify(query))
}

aws4.RequestSigner = RequestSigner

aws4.sign = function(request, credentials) {
  return new RequestSigner(request, credentials).sign()
}


/***/ }),

/***/ 638:
/***/ ((module) => {

module.exports = function(size) {
  return new LruCache(size)
}

function LruCache(size) {
  this.capacity = size | 0
  this.map = Object.create(null)
  this.list = new DoublyLinkedList()
}

LruCache.prototype.get = function(key) {
  var node = this.map[key]
  if (node == null) return undefined
  this.used(node)
  return node.val
}

LruCache.prototype.set = function(key, val) {
  var node = this.map[key]
  if (node != null) {
    node.val = val
  } else {
    if (!this.capacity) this.prune()
    if (!this.capacity) return false
    node = new DoublyLinkedNode(key, val)
    this.map[key] = node
    this.capacity--
  }
  this.used(node)
  return true
}

LruCache.prototype.used = function(node) {
  this.list.moveToFront(node)
}

LruCache.prototype.prune = function() {
  var node = this.list.pop()
  if (node != null) {
    delete this.map[node.key]
    this.capacity++
  }
}


function DoublyLinkedList() {
  this.firstNode = null
  this.lastNode = null
}

DoublyLinkedList.prototype.moveToFront = function(node) {
  if (this.firstNode == node) return

  this.remove(node)

  if (this.firstNode == null) {
    this.firstNode = node
    this.lastNode = node
    node.prev = null
    node.next = null
  } else {
    node.prev = null
    node.next = this.firstNode
    node.next.prev = node
    this.firstNode = node
  }
}

DoublyLinkedList.prototype.pop = function() {
  var lastNode = this.lastNode
  if (lastNode != null) {
    this.remove(lastNode)
  }
  return lastNode
}

DoublyLinkedList.prototype.remove = function(node) {
  if (this.firstNode == node) {
    this.firstNode = node.next
  } else if (node.prev != null) {
    node.prev.next = node.next
  }
  if (this.lastNode == node) {
    this.lastNode = node.prev
  } else if (node.next != null) {
    node.next.prev = node.prev
  }
}


function DoublyLinkedNode(key, val) {
  this.key = key
  this.val = val
  this.prev = null
  this.next = null
}


/***/ }),

/***/ 770:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

module.exports = __nccwpck_require__(218);


/***/ }),

/***/ 218:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

var __webpack_unused_export__;


var net = __nccwpck_require__(278);
var tls = __nccwpck_require__(756);
var http = __nccwpck_require__(611);
var https = __nccwpck_require__(692);
var events = __nccwpck_require__(434);
var assert = __nccwpck_require__(613);
var util = __nccwpck_require__(23);


exports.httpOverHttp = httpOverHttp;
exports.httpsOverHttp = httpsOverHttp;
exports.httpOverHttps = httpOverHttps;
exports.httpsOverHttps = httpsOverHttps;


function httpOverHttp(options) {
  var agent = new TunnelingAgent(options);
  agent.request = http.request;
  return agent;
}

function httpsOverHttp(options) {
  var agent = new TunnelingAgent(options);
  agent.request = http.request;
  agent.createSocket = createSecureSocket;
  agent.defaultPort = 443;
  return agent;
}

function httpOverHttps(options) {
  var agent = new TunnelingAgent(options);
  agent.request = https.request;
  return agent;
}

function httpsOverHttps(options) {
  var agent = new TunnelingAgent(options);
  agent.request = https.request;
  agent.createSocket = createSecureSocket;
  agent.defaultPort = 443;
  return agent;
}


function TunnelingAgent(options) {
  var self = this;
  self.options = options || {};
  self.proxyOptions = self.options.proxy || {};
  self.maxSockets = self.options.maxSockets || http.Agent.defaultMaxSockets;
  self.requests = [];
  self.sockets = [];

  self.on('free', function onFree(socket, host, port, localAddress) {
    var options = toOptions(host, port, localAddress);
    for (var i = 0, len = self.requests.length; i < len; ++i) {
      var pending = self.requests[i];
      if (pending.host === options.host && pending.port === options.port) {
        // Detect the request to connect same origin server,
        // reuse the connection.
        self.requests.splice(i, 1);
        pending.request.onSocket(socket);
        return;
      }
    }
    socket.destroy();
    self.removeSocket(socket);
  });
}
util.inherits(TunnelingAgent, events.EventEmitter);

TunnelingAgent.prototype.addRequest = function addRequest(req, host, port, localAddress) {
  var self = this;
  var options = mergeOptions({request: req}, self.options, toOptions(host, port, localAddress));

  if (self.sockets.length >= this.maxSockets) {
    // We are over limit so we'll add it to the queue.
    self.requests.push(options);
    return;
  }

  // If we are under maxSockets create a new one.
  self.createSocket(options, function(socket) {
    socket.on('free', onFree);
    socket.on('close', onCloseOrRemove);
    socket.on('agentRemove', onCloseOrRemove);
    req.onSocket(socket);

    function onFree() {
      self.emit('free', socket, options);
    }

    function onCloseOrRemove(err) {
      self.removeSocket(socket);
      socket.removeListener('free', onFree);
      socket.removeListener('close', onCloseOrRemove);
      socket.removeListener('agentRemove', onCloseOrRemove);
    }
  });
};

TunnelingAgent.prototype.createSocket = function createSocket(options, cb) {
  var self = this;
  var placeholder = {};
  self.sockets.push(placeholder);

  var connectOptions = mergeOptions({}, self.proxyOptions, {
    method: 'CONNECT',
    path: options.host + ':' + options.port,
    agent: false,
    headers: {
      host: options.host + ':' + options.port
    }
  });
  if (options.localAddress) {
    connectOptions.localAddress = options.localAddress;
  }
  if (connectOptions.proxyAuth) {
    connectOptions.headers = connectOptions.headers || {};
    connectOptions.headers['Proxy-Authorization'] = 'Basic ' +
        new Buffer(connectOptions.proxyAuth).toString('base64');
  }

  debug('making CONNECT request');
  var connectReq = self.request(connectOptions);
  connectReq.useChunkedEncodingByDefault = false; // for v0.6
  connectReq.once('response', onResponse); // for v0.6
  connectReq.once('upgrade', onUpgrade);   // for v0.6
  connectReq.once('connect', onConnect);   // for v0.7 or later
  connectReq.once('error', onError);
  connectReq.end();

  function onResponse(res) {
    // Very hacky. This is necessary to avoid http-parser leaks.
    res.upgrade = true;
  }

  function onUpgrade(res, socket, head) {
    // Hacky.
    process.nextTick(function() {
      onConnect(res, socket, head);
    });
  }

  function onConnect(res, socket, head) {
    connectReq.removeAllListeners();
    socket.removeAllListeners();

    if (res.statusCode !== 200) {
      debug('tunneling socket could not be established, statusCode=%d',
        res.statusCode);
      socket.destroy();
      var error = new Error('tunneling socket could not be established, ' +
        'statusCode=' + res.statusCode);
      error.code = 'ECONNRESET';
      options.request.emit('error', error);
      self.removeSocket(placeholder);
      return;
    }
    if (head.length > 0) {
      debug('got illegal response body from proxy');
      socket.destroy();
      var error = new Error('got illegal response body from proxy');
      error.code = 'ECONNRESET';
      options.request.emit('error', error);
      self.removeSocket(placeholder);
      return;
    }
    debug('tunneling connection has established');
    self.sockets[self.sockets.indexOf(placeholder)] = socket;
    return cb(socket);
  }

  function onError(cause) {
    connectReq.removeAllListeners();

    debug('tunneling socket could not be established, cause=%s\n',
          cause.message, cause.stack);
    var error = new Error('tunneling socket could not be established, ' +
                          'cause=' + cause.message);
    error.code = 'ECONNRESET';
    options.request.emit('error', error);
    self.removeSocket(placeholder);
  }
};

TunnelingAgent.prototype.removeSocket = function removeSocket(socket) {
  var pos = this.sockets.indexOf(socket)
  if (pos === -1) {
    return;
  }
  this.sockets.splice(pos, 1);

  var pending = this.requests.shift();
  if (pending) {
    // If we have pending requests and a socket gets closed a new one
    // needs to be created to take over in the pool for the one that closed.
    this.createSocket(pending, function(socket) {
      pending.request.onSocket(socket);
    });
  }
};

function createSecureSocket(options, cb) {
  var self = this;
  TunnelingAgent.prototype.createSocket.call(self, options, function(socket) {
    var hostHeader = options.request.getHeader('host');
    var tlsOptions = mergeOptions({}, self.options, {
      socket: socket,
      servername: hostHeader ? hostHeader.replace(/:.*$/, '') : options.host
    });

    // 0 is dummy port for v0.6
    var secureSocket = tls.connect(0, tlsOptions);
    self.sockets[self.sockets.indexOf(socket)] = secureSocket;
    cb(secureSocket);
  });
}


function toOptions(host, port, localAddress) {
  if (typeof host === 'string') { // since v0.10
    return {
      host: host,
      port: port,
      localAddress: localAddress
    };
  }
  return host; // for v0.11 or later
}

function mergeOptions(target) {
  for (var i = 1, len = arguments.length; i < len; ++i) {
    var overrides = arguments[i];
    if (typeof overrides === 'object') {
      var keys = Object.keys(overrides);
      for (var j = 0, keyLen = keys.length; j < keyLen; ++j) {
        var k = keys[j];
        if (overrides[k] !== undefined) {
          target[k] = overrides[k];
        }
      }
    }
  }
  return target;
}


var debug;
if (process.env.NODE_DEBUG && /\btunnel\b/.test(process.env.NODE_DEBUG)) {
  debug = function() {
    var args = Array.prototype.slice.call(arguments);
    if (typeof args[0] === 'string') {
      args[0] = 'TUNNEL: ' + args[0];
    } else {
      args.unshift('TUNNEL:');
    }
    console.error.apply(console, args);
  }
} else {
  debug = function() {};
}
__webpack_unused_export__ = debug; // for test


/***/ }),

/***/ 227:
/***/ ((module) => {


// @actions/http-client imports undici only for HttpClient#getAgentDispatcher (a proxy dispatcher
// for fetch), which this action never calls. Anything that does reach it fails loudly.
class ProxyAgent {
  constructor() {
    throw new Error('undici is not bundled with infisical-revoke-token-action');
  }
}
module.exports = { ProxyAgent };


/***/ }),

/***/ 558:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  p: () => (/* binding */ isStartedScript)
});

// UNUSED EXPORTS: POST_ENTRY_LOADING

;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
;// CONCATENATED MODULE: external "node:url"
const external_node_url_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");
;// CONCATENATED MODULE: ./src/entry.ts
// Whether an entry file is the script node was started with. The runner starts dist/index.js (the
// main step) or dist/post/index.js (the post step, which imports dist/index.js) itself; tools such
// as @github/local-action import an entry and call its `run` instead, so importing one must run
// nothing.
//
// The started script is process.argv[1], compared with the module as the same file on disk (device
// and inode, so that a symlinked work folder, a hard link, another spelling of the path — case or
// 8.3 names on Windows — all compare), after resolving it as node resolves its main script (a
// folder's index.js, a name without `.js`).
//
// A file system may give no usable identity, or argv[1] may name the file in a way this cannot
// follow: the entry would then exit 0 having done nothing, a silent green. So under GitHub Actions
// (GITHUB_ACTIONS=true, read by the entry files and passed here) an entry also runs when argv[1]
// names it by the path action.yml gives it: `dist/index.js` for main, `dist/post/index.js` for post
// (with or without `.js`, or the folder). The two names can never both match one argv[1], and a
// tool that imports an entry is its own script (its bin), which names neither.
//
// The post entry imports the bundle, which decides whether to run main before the post entry's
// own code runs; an argv[1] that cannot be compared and names dist/index.js would then run main in
// the post step. So the post entry says it is loading (POST_ENTRY_LOADING, on globalThis, before
// it imports the bundle), and main never runs while it does: each process runs one phase, once.



/** action.yml's `runs.main` and `runs.post`, as path segments. */
const ENTRY_PATHS = {
    main: ['dist', 'index'],
    post: ['dist', 'post', 'index'],
};
/** Set to true on globalThis (as Symbol.for of this key) by the post entry before it loads the bundle. */
const POST_ENTRY_LOADING = 'infisical-revoke-token-action.post-entry-loading';
function isStartedScript(moduleUrl, entry, started = { script: process.argv[1], underActions: false }) {
    const { script } = started;
    if (!script)
        return false;
    if (entry === 'main' && Reflect.get(globalThis, Symbol.for(POST_ENTRY_LOADING)) === true) {
        return false;
    }
    if (sameFile(script, (0,external_node_url_namespaceObject.fileURLToPath)(moduleUrl)))
        return true;
    return started.underActions && entry !== undefined && namesEntry(script, entry);
}
/** Whether `script`, resolved as node resolves its main script, is the file `module`. */
function sameFile(script, module) {
    const file = mainScriptOf(script);
    if (file === undefined)
        return false;
    const [a, b] = [stat(file), stat(module)];
    // Some file systems (FAT, some network shares) give every file inode 0: then only the real paths
    // can tell, and only when they are spelt alike.
    if (a && b && a.ino !== 0n && b.ino !== 0n)
        return a.dev === b.dev && a.ino === b.ino;
    try {
        return (0,external_node_fs_namespaceObject.realpathSync)(file) === (0,external_node_fs_namespaceObject.realpathSync)(module);
    }
    catch {
        return false;
    }
}
function mainScriptOf(script) {
    const found = stat(script);
    if (found?.isFile())
        return script;
    if (found?.isDirectory())
        return stat((0,external_node_path_namespaceObject.join)(script, 'index.js'))?.isFile() ? (0,external_node_path_namespaceObject.join)(script, 'index.js') : undefined;
    return stat(`${script}.js`)?.isFile() ? `${script}.js` : undefined;
}
function stat(path) {
    try {
        return (0,external_node_fs_namespaceObject.statSync)(path, { bigint: true });
    }
    catch {
        return undefined;
    }
}
/** Whether `script` ends with the entry's path from action.yml (either separator, any case). */
function namesEntry(script, entry) {
    const segments = script
        .toLowerCase()
        .split(/[\\/]+/)
        .filter((segment) => segment !== '');
    const last = segments.at(-1);
    if (last === 'index.js')
        segments[segments.length - 1] = 'index';
    else if (last !== 'index')
        segments.push('index');
    const wanted = ENTRY_PATHS[entry];
    // The folder before `dist` is the action's own, any name; `dist` itself must be a whole segment.
    return (segments.length > wanted.length &&
        wanted.every((segment, i) => segments[segments.length - wanted.length + i] === segment));
}


/***/ }),

/***/ 407:
/***/ ((module, __webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   a2: () => (/* binding */ runPost),
/* harmony export */   eF: () => (/* binding */ run),
/* harmony export */   p8: () => (/* reexport safe */ _entry_js__WEBPACK_IMPORTED_MODULE_0__.p)
/* harmony export */ });
/* harmony import */ var _entry_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(558);
/* harmony import */ var _main_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(36);
// The action's one bundle, dist/index.js. The runner starts it for the main step; for the post
// step it starts dist/post/index.js, a few generated lines that import this bundle and call
// `runPost`. So the phase is the file the runner started, never a saved flag: a main step that
// died before saving its state cannot make the post step run the main phase (and the post phase
// does nothing unless the main step saved its job-end state, see main.ts).
// It exports `run` so that tools such as @github/local-action can drive it, and runs it only when
// node runs this file itself: importing it (as dist/post/index.js does) runs nothing. Under GitHub
// Actions it also runs when the started script's path, which cannot be compared, names
// dist/index.js (entry.ts says why that can never be the post step, nor run twice).



const run = () => (0,_main_js__WEBPACK_IMPORTED_MODULE_1__/* .run */ .e)('main');
const runPost = () => (0,_main_js__WEBPACK_IMPORTED_MODULE_1__/* .run */ .e)('post');
const started = { script: process.argv[1], underActions: process.env.GITHUB_ACTIONS === 'true' };
if ((0,_entry_js__WEBPACK_IMPORTED_MODULE_0__/* .isStartedScript */ .p)(import.meta.url, 'main', started))
    await run();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 36:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  e: () => (/* binding */ run)
});

// UNUSED EXPORTS: REVOKE_AT_JOB_END

;// CONCATENATED MODULE: external "os"
const external_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/utils.js
// We use any as a valid input type
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Sanitizes an input into a string so it can be passed into issueCommand safely
 * @param input input to sanitize into a string
 */
function utils_toCommandValue(input) {
    if (input === null || input === undefined) {
        return '';
    }
    else if (typeof input === 'string' || input instanceof String) {
        return input;
    }
    return JSON.stringify(input);
}
/**
 *
 * @param annotationProperties
 * @returns The command properties to send with the actual annotation command
 * See IssueCommandProperties: https://github.com/actions/runner/blob/main/src/Runner.Worker/ActionCommandManager.cs#L646
 */
function utils_toCommandProperties(annotationProperties) {
    if (!Object.keys(annotationProperties).length) {
        return {};
    }
    return {
        title: annotationProperties.title,
        file: annotationProperties.file,
        line: annotationProperties.startLine,
        endLine: annotationProperties.endLine,
        col: annotationProperties.startColumn,
        endColumn: annotationProperties.endColumn
    };
}
//# sourceMappingURL=utils.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/command.js


/**
 * Issues a command to the GitHub Actions runner
 *
 * @param command - The command name to issue
 * @param properties - Additional properties for the command (key-value pairs)
 * @param message - The message to include with the command
 * @remarks
 * This function outputs a specially formatted string to stdout that the Actions
 * runner interprets as a command. These commands can control workflow behavior,
 * set outputs, create annotations, mask values, and more.
 *
 * Command Format:
 *   ::name key=value,key=value::message
 *
 * @example
 * ```typescript
 * // Issue a warning annotation
 * issueCommand('warning', {}, 'This is a warning message');
 * // Output: ::warning::This is a warning message
 *
 * // Set an environment variable
 * issueCommand('set-env', { name: 'MY_VAR' }, 'some value');
 * // Output: ::set-env name=MY_VAR::some value
 *
 * // Add a secret mask
 * issueCommand('add-mask', {}, 'secretValue123');
 * // Output: ::add-mask::secretValue123
 * ```
 *
 * @internal
 * This is an internal utility function that powers the public API functions
 * such as setSecret, warning, error, and exportVariable.
 */
function command_issueCommand(command, properties, message) {
    const cmd = new Command(command, properties, message);
    process.stdout.write(cmd.toString() + external_os_namespaceObject.EOL);
}
function command_issue(name, message = '') {
    command_issueCommand(name, {}, message);
}
const CMD_STRING = '::';
class Command {
    constructor(command, properties, message) {
        if (!command) {
            command = 'missing.command';
        }
        this.command = command;
        this.properties = properties;
        this.message = message;
    }
    toString() {
        let cmdStr = CMD_STRING + this.command;
        if (this.properties && Object.keys(this.properties).length > 0) {
            cmdStr += ' ';
            let first = true;
            for (const key in this.properties) {
                if (this.properties.hasOwnProperty(key)) {
                    const val = this.properties[key];
                    if (val) {
                        if (first) {
                            first = false;
                        }
                        else {
                            cmdStr += ',';
                        }
                        cmdStr += `${key}=${escapeProperty(val)}`;
                    }
                }
            }
        }
        cmdStr += `${CMD_STRING}${escapeData(this.message)}`;
        return cmdStr;
    }
}
function escapeData(s) {
    return utils_toCommandValue(s)
        .replace(/%/g, '%25')
        .replace(/\r/g, '%0D')
        .replace(/\n/g, '%0A');
}
function escapeProperty(s) {
    return utils_toCommandValue(s)
        .replace(/%/g, '%25')
        .replace(/\r/g, '%0D')
        .replace(/\n/g, '%0A')
        .replace(/:/g, '%3A')
        .replace(/,/g, '%2C');
}
//# sourceMappingURL=command.js.map
// EXTERNAL MODULE: external "crypto"
var external_crypto_ = __nccwpck_require__(982);
;// CONCATENATED MODULE: external "fs"
const external_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/file-command.js
// For internal use, subject to change.
// We use any as a valid input type
/* eslint-disable @typescript-eslint/no-explicit-any */




function file_command_issueFileCommand(command, message) {
    const filePath = process.env[`GITHUB_${command}`];
    if (!filePath) {
        throw new Error(`Unable to find environment variable for file command ${command}`);
    }
    if (!external_fs_namespaceObject.existsSync(filePath)) {
        throw new Error(`Missing file at path: ${filePath}`);
    }
    external_fs_namespaceObject.appendFileSync(filePath, `${utils_toCommandValue(message)}${external_os_namespaceObject.EOL}`, {
        encoding: 'utf8'
    });
}
function file_command_prepareKeyValueMessage(key, value) {
    const delimiter = `ghadelimiter_${external_crypto_.randomUUID()}`;
    const convertedValue = utils_toCommandValue(value);
    // These should realistically never happen, but just in case someone finds a
    // way to exploit uuid generation let's not allow keys or values that contain
    // the delimiter.
    if (key.includes(delimiter)) {
        throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
    }
    if (convertedValue.includes(delimiter)) {
        throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
    }
    return `${key}<<${delimiter}${external_os_namespaceObject.EOL}${convertedValue}${external_os_namespaceObject.EOL}${delimiter}`;
}
//# sourceMappingURL=file-command.js.map
;// CONCATENATED MODULE: external "path"
const external_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");
// EXTERNAL MODULE: external "http"
var external_http_ = __nccwpck_require__(611);
var external_http_namespaceObject = /*#__PURE__*/__nccwpck_require__.t(external_http_, 2);
// EXTERNAL MODULE: external "https"
var external_https_ = __nccwpck_require__(692);
var external_https_namespaceObject = /*#__PURE__*/__nccwpck_require__.t(external_https_, 2);
;// CONCATENATED MODULE: ./node_modules/@actions/http-client/lib/proxy.js
function getProxyUrl(reqUrl) {
    const usingSsl = reqUrl.protocol === 'https:';
    if (checkBypass(reqUrl)) {
        return undefined;
    }
    const proxyVar = (() => {
        if (usingSsl) {
            return process.env['https_proxy'] || process.env['HTTPS_PROXY'];
        }
        else {
            return process.env['http_proxy'] || process.env['HTTP_PROXY'];
        }
    })();
    if (proxyVar) {
        try {
            return new DecodedURL(proxyVar);
        }
        catch (_a) {
            if (!proxyVar.startsWith('http://') && !proxyVar.startsWith('https://'))
                return new DecodedURL(`http://${proxyVar}`);
        }
    }
    else {
        return undefined;
    }
}
function checkBypass(reqUrl) {
    if (!reqUrl.hostname) {
        return false;
    }
    const reqHost = reqUrl.hostname;
    if (isLoopbackAddress(reqHost)) {
        return true;
    }
    const noProxy = process.env['no_proxy'] || process.env['NO_PROXY'] || '';
    if (!noProxy) {
        return false;
    }
    // Determine the request port
    let reqPort;
    if (reqUrl.port) {
        reqPort = Number(reqUrl.port);
    }
    else if (reqUrl.protocol === 'http:') {
        reqPort = 80;
    }
    else if (reqUrl.protocol === 'https:') {
        reqPort = 443;
    }
    // Format the request hostname and hostname with port
    const upperReqHosts = [reqUrl.hostname.toUpperCase()];
    if (typeof reqPort === 'number') {
        upperReqHosts.push(`${upperReqHosts[0]}:${reqPort}`);
    }
    // Compare request host against noproxy
    for (const upperNoProxyItem of noProxy
        .split(',')
        .map(x => x.trim().toUpperCase())
        .filter(x => x)) {
        if (upperNoProxyItem === '*' ||
            upperReqHosts.some(x => x === upperNoProxyItem ||
                x.endsWith(`.${upperNoProxyItem}`) ||
                (upperNoProxyItem.startsWith('.') &&
                    x.endsWith(`${upperNoProxyItem}`)))) {
            return true;
        }
    }
    return false;
}
function isLoopbackAddress(host) {
    const hostLower = host.toLowerCase();
    return (hostLower === 'localhost' ||
        hostLower.startsWith('127.') ||
        hostLower.startsWith('[::1]') ||
        hostLower.startsWith('[0:0:0:0:0:0:0:1]'));
}
class DecodedURL extends URL {
    constructor(url, base) {
        super(url, base);
        this._decodedUsername = decodeURIComponent(super.username);
        this._decodedPassword = decodeURIComponent(super.password);
    }
    get username() {
        return this._decodedUsername;
    }
    get password() {
        return this._decodedPassword;
    }
}
//# sourceMappingURL=proxy.js.map
// EXTERNAL MODULE: ./node_modules/tunnel/index.js
var tunnel = __nccwpck_require__(770);
// EXTERNAL MODULE: ./stubs/undici/index.js
var undici = __nccwpck_require__(227);
;// CONCATENATED MODULE: ./node_modules/@actions/http-client/lib/index.js
/* eslint-disable @typescript-eslint/no-explicit-any */
var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};





var HttpCodes;
(function (HttpCodes) {
    HttpCodes[HttpCodes["OK"] = 200] = "OK";
    HttpCodes[HttpCodes["MultipleChoices"] = 300] = "MultipleChoices";
    HttpCodes[HttpCodes["MovedPermanently"] = 301] = "MovedPermanently";
    HttpCodes[HttpCodes["ResourceMoved"] = 302] = "ResourceMoved";
    HttpCodes[HttpCodes["SeeOther"] = 303] = "SeeOther";
    HttpCodes[HttpCodes["NotModified"] = 304] = "NotModified";
    HttpCodes[HttpCodes["UseProxy"] = 305] = "UseProxy";
    HttpCodes[HttpCodes["SwitchProxy"] = 306] = "SwitchProxy";
    HttpCodes[HttpCodes["TemporaryRedirect"] = 307] = "TemporaryRedirect";
    HttpCodes[HttpCodes["PermanentRedirect"] = 308] = "PermanentRedirect";
    HttpCodes[HttpCodes["BadRequest"] = 400] = "BadRequest";
    HttpCodes[HttpCodes["Unauthorized"] = 401] = "Unauthorized";
    HttpCodes[HttpCodes["PaymentRequired"] = 402] = "PaymentRequired";
    HttpCodes[HttpCodes["Forbidden"] = 403] = "Forbidden";
    HttpCodes[HttpCodes["NotFound"] = 404] = "NotFound";
    HttpCodes[HttpCodes["MethodNotAllowed"] = 405] = "MethodNotAllowed";
    HttpCodes[HttpCodes["NotAcceptable"] = 406] = "NotAcceptable";
    HttpCodes[HttpCodes["ProxyAuthenticationRequired"] = 407] = "ProxyAuthenticationRequired";
    HttpCodes[HttpCodes["RequestTimeout"] = 408] = "RequestTimeout";
    HttpCodes[HttpCodes["Conflict"] = 409] = "Conflict";
    HttpCodes[HttpCodes["Gone"] = 410] = "Gone";
    HttpCodes[HttpCodes["TooManyRequests"] = 429] = "TooManyRequests";
    HttpCodes[HttpCodes["InternalServerError"] = 500] = "InternalServerError";
    HttpCodes[HttpCodes["NotImplemented"] = 501] = "NotImplemented";
    HttpCodes[HttpCodes["BadGateway"] = 502] = "BadGateway";
    HttpCodes[HttpCodes["ServiceUnavailable"] = 503] = "ServiceUnavailable";
    HttpCodes[HttpCodes["GatewayTimeout"] = 504] = "GatewayTimeout";
})(HttpCodes || (HttpCodes = {}));
var Headers;
(function (Headers) {
    Headers["Accept"] = "accept";
    Headers["ContentType"] = "content-type";
})(Headers || (Headers = {}));
var MediaTypes;
(function (MediaTypes) {
    MediaTypes["ApplicationJson"] = "application/json";
})(MediaTypes || (MediaTypes = {}));
/**
 * Returns the proxy URL, depending upon the supplied url and proxy environment variables.
 * @param serverUrl  The server URL where the request will be sent. For example, https://api.github.com
 */
function lib_getProxyUrl(serverUrl) {
    const proxyUrl = pm.getProxyUrl(new URL(serverUrl));
    return proxyUrl ? proxyUrl.href : '';
}
const HttpRedirectCodes = [
    HttpCodes.MovedPermanently,
    HttpCodes.ResourceMoved,
    HttpCodes.SeeOther,
    HttpCodes.TemporaryRedirect,
    HttpCodes.PermanentRedirect
];
const HttpResponseRetryCodes = [
    HttpCodes.BadGateway,
    HttpCodes.ServiceUnavailable,
    HttpCodes.GatewayTimeout
];
const RetryableHttpVerbs = ['OPTIONS', 'GET', 'DELETE', 'HEAD'];
const ExponentialBackoffCeiling = 10;
const ExponentialBackoffTimeSlice = 5;
class HttpClientError extends Error {
    constructor(message, statusCode) {
        super(message);
        this.name = 'HttpClientError';
        this.statusCode = statusCode;
        Object.setPrototypeOf(this, HttpClientError.prototype);
    }
}
class HttpClientResponse {
    constructor(message) {
        this.message = message;
    }
    readBody() {
        return __awaiter(this, void 0, void 0, function* () {
            return new Promise((resolve) => __awaiter(this, void 0, void 0, function* () {
                let output = Buffer.alloc(0);
                this.message.on('data', (chunk) => {
                    output = Buffer.concat([output, chunk]);
                });
                this.message.on('end', () => {
                    resolve(output.toString());
                });
            }));
        });
    }
    readBodyBuffer() {
        return __awaiter(this, void 0, void 0, function* () {
            return new Promise((resolve) => __awaiter(this, void 0, void 0, function* () {
                const chunks = [];
                this.message.on('data', (chunk) => {
                    chunks.push(chunk);
                });
                this.message.on('end', () => {
                    resolve(Buffer.concat(chunks));
                });
            }));
        });
    }
}
function isHttps(requestUrl) {
    const parsedUrl = new URL(requestUrl);
    return parsedUrl.protocol === 'https:';
}
class lib_HttpClient {
    constructor(userAgent, handlers, requestOptions) {
        this._ignoreSslError = false;
        this._allowRedirects = true;
        this._allowRedirectDowngrade = false;
        this._maxRedirects = 50;
        this._allowRetries = false;
        this._maxRetries = 1;
        this._keepAlive = false;
        this._disposed = false;
        this.userAgent = this._getUserAgentWithOrchestrationId(userAgent);
        this.handlers = handlers || [];
        this.requestOptions = requestOptions;
        if (requestOptions) {
            if (requestOptions.ignoreSslError != null) {
                this._ignoreSslError = requestOptions.ignoreSslError;
            }
            this._socketTimeout = requestOptions.socketTimeout;
            if (requestOptions.allowRedirects != null) {
                this._allowRedirects = requestOptions.allowRedirects;
            }
            if (requestOptions.allowRedirectDowngrade != null) {
                this._allowRedirectDowngrade = requestOptions.allowRedirectDowngrade;
            }
            if (requestOptions.maxRedirects != null) {
                this._maxRedirects = Math.max(requestOptions.maxRedirects, 0);
            }
            if (requestOptions.keepAlive != null) {
                this._keepAlive = requestOptions.keepAlive;
            }
            if (requestOptions.allowRetries != null) {
                this._allowRetries = requestOptions.allowRetries;
            }
            if (requestOptions.maxRetries != null) {
                this._maxRetries = requestOptions.maxRetries;
            }
        }
    }
    options(requestUrl, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('OPTIONS', requestUrl, null, additionalHeaders || {});
        });
    }
    get(requestUrl, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('GET', requestUrl, null, additionalHeaders || {});
        });
    }
    del(requestUrl, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('DELETE', requestUrl, null, additionalHeaders || {});
        });
    }
    post(requestUrl, data, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('POST', requestUrl, data, additionalHeaders || {});
        });
    }
    patch(requestUrl, data, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('PATCH', requestUrl, data, additionalHeaders || {});
        });
    }
    put(requestUrl, data, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('PUT', requestUrl, data, additionalHeaders || {});
        });
    }
    head(requestUrl, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('HEAD', requestUrl, null, additionalHeaders || {});
        });
    }
    sendStream(verb, requestUrl, stream, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request(verb, requestUrl, stream, additionalHeaders);
        });
    }
    /**
     * Gets a typed object from an endpoint
     * Be aware that not found returns a null.  Other errors (4xx, 5xx) reject the promise
     */
    getJson(requestUrl_1) {
        return __awaiter(this, arguments, void 0, function* (requestUrl, additionalHeaders = {}) {
            additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
            const res = yield this.get(requestUrl, additionalHeaders);
            return this._processResponse(res, this.requestOptions);
        });
    }
    postJson(requestUrl_1, obj_1) {
        return __awaiter(this, arguments, void 0, function* (requestUrl, obj, additionalHeaders = {}) {
            const data = JSON.stringify(obj, null, 2);
            additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
            additionalHeaders[Headers.ContentType] =
                this._getExistingOrDefaultContentTypeHeader(additionalHeaders, MediaTypes.ApplicationJson);
            const res = yield this.post(requestUrl, data, additionalHeaders);
            return this._processResponse(res, this.requestOptions);
        });
    }
    putJson(requestUrl_1, obj_1) {
        return __awaiter(this, arguments, void 0, function* (requestUrl, obj, additionalHeaders = {}) {
            const data = JSON.stringify(obj, null, 2);
            additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
            additionalHeaders[Headers.ContentType] =
                this._getExistingOrDefaultContentTypeHeader(additionalHeaders, MediaTypes.ApplicationJson);
            const res = yield this.put(requestUrl, data, additionalHeaders);
            return this._processResponse(res, this.requestOptions);
        });
    }
    patchJson(requestUrl_1, obj_1) {
        return __awaiter(this, arguments, void 0, function* (requestUrl, obj, additionalHeaders = {}) {
            const data = JSON.stringify(obj, null, 2);
            additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
            additionalHeaders[Headers.ContentType] =
                this._getExistingOrDefaultContentTypeHeader(additionalHeaders, MediaTypes.ApplicationJson);
            const res = yield this.patch(requestUrl, data, additionalHeaders);
            return this._processResponse(res, this.requestOptions);
        });
    }
    /**
     * Makes a raw http request.
     * All other methods such as get, post, patch, and request ultimately call this.
     * Prefer get, del, post and patch
     */
    request(verb, requestUrl, data, headers) {
        return __awaiter(this, void 0, void 0, function* () {
            if (this._disposed) {
                throw new Error('Client has already been disposed.');
            }
            const parsedUrl = new URL(requestUrl);
            let info = this._prepareRequest(verb, parsedUrl, headers);
            // Only perform retries on reads since writes may not be idempotent.
            const maxTries = this._allowRetries && RetryableHttpVerbs.includes(verb)
                ? this._maxRetries + 1
                : 1;
            let numTries = 0;
            let response;
            do {
                response = yield this.requestRaw(info, data);
                // Check if it's an authentication challenge
                if (response &&
                    response.message &&
                    response.message.statusCode === HttpCodes.Unauthorized) {
                    let authenticationHandler;
                    for (const handler of this.handlers) {
                        if (handler.canHandleAuthentication(response)) {
                            authenticationHandler = handler;
                            break;
                        }
                    }
                    if (authenticationHandler) {
                        return authenticationHandler.handleAuthentication(this, info, data);
                    }
                    else {
                        // We have received an unauthorized response but have no handlers to handle it.
                        // Let the response return to the caller.
                        return response;
                    }
                }
                let redirectsRemaining = this._maxRedirects;
                while (response.message.statusCode &&
                    HttpRedirectCodes.includes(response.message.statusCode) &&
                    this._allowRedirects &&
                    redirectsRemaining > 0) {
                    const redirectUrl = response.message.headers['location'];
                    if (!redirectUrl) {
                        // if there's no location to redirect to, we won't
                        break;
                    }
                    const parsedRedirectUrl = new URL(redirectUrl);
                    if (parsedUrl.protocol === 'https:' &&
                        parsedUrl.protocol !== parsedRedirectUrl.protocol &&
                        !this._allowRedirectDowngrade) {
                        throw new Error('Redirect from HTTPS to HTTP protocol. This downgrade is not allowed for security reasons. If you want to allow this behavior, set the allowRedirectDowngrade option to true.');
                    }
                    // we need to finish reading the response before reassigning response
                    // which will leak the open socket.
                    yield response.readBody();
                    // strip authorization header if redirected to a different hostname
                    if (parsedRedirectUrl.hostname !== parsedUrl.hostname) {
                        for (const header in headers) {
                            // header names are case insensitive
                            if (header.toLowerCase() === 'authorization') {
                                delete headers[header];
                            }
                        }
                    }
                    // let's make the request with the new redirectUrl
                    info = this._prepareRequest(verb, parsedRedirectUrl, headers);
                    response = yield this.requestRaw(info, data);
                    redirectsRemaining--;
                }
                if (!response.message.statusCode ||
                    !HttpResponseRetryCodes.includes(response.message.statusCode)) {
                    // If not a retry code, return immediately instead of retrying
                    return response;
                }
                numTries += 1;
                if (numTries < maxTries) {
                    yield response.readBody();
                    yield this._performExponentialBackoff(numTries);
                }
            } while (numTries < maxTries);
            return response;
        });
    }
    /**
     * Needs to be called if keepAlive is set to true in request options.
     */
    dispose() {
        if (this._agent) {
            this._agent.destroy();
        }
        this._disposed = true;
    }
    /**
     * Raw request.
     * @param info
     * @param data
     */
    requestRaw(info, data) {
        return __awaiter(this, void 0, void 0, function* () {
            return new Promise((resolve, reject) => {
                function callbackForResult(err, res) {
                    if (err) {
                        reject(err);
                    }
                    else if (!res) {
                        // If `err` is not passed, then `res` must be passed.
                        reject(new Error('Unknown error'));
                    }
                    else {
                        resolve(res);
                    }
                }
                this.requestRawWithCallback(info, data, callbackForResult);
            });
        });
    }
    /**
     * Raw request with callback.
     * @param info
     * @param data
     * @param onResult
     */
    requestRawWithCallback(info, data, onResult) {
        if (typeof data === 'string') {
            if (!info.options.headers) {
                info.options.headers = {};
            }
            info.options.headers['Content-Length'] = Buffer.byteLength(data, 'utf8');
        }
        let callbackCalled = false;
        function handleResult(err, res) {
            if (!callbackCalled) {
                callbackCalled = true;
                onResult(err, res);
            }
        }
        const req = info.httpModule.request(info.options, (msg) => {
            const res = new HttpClientResponse(msg);
            handleResult(undefined, res);
        });
        let socket;
        req.on('socket', sock => {
            socket = sock;
        });
        // If we ever get disconnected, we want the socket to timeout eventually
        req.setTimeout(this._socketTimeout || 3 * 60000, () => {
            if (socket) {
                socket.end();
            }
            handleResult(new Error(`Request timeout: ${info.options.path}`));
        });
        req.on('error', function (err) {
            // err has statusCode property
            // res should have headers
            handleResult(err);
        });
        if (data && typeof data === 'string') {
            req.write(data, 'utf8');
        }
        if (data && typeof data !== 'string') {
            data.on('close', function () {
                req.end();
            });
            data.pipe(req);
        }
        else {
            req.end();
        }
    }
    /**
     * Gets an http agent. This function is useful when you need an http agent that handles
     * routing through a proxy server - depending upon the url and proxy environment variables.
     * @param serverUrl  The server URL where the request will be sent. For example, https://api.github.com
     */
    getAgent(serverUrl) {
        const parsedUrl = new URL(serverUrl);
        return this._getAgent(parsedUrl);
    }
    getAgentDispatcher(serverUrl) {
        const parsedUrl = new URL(serverUrl);
        const proxyUrl = getProxyUrl(parsedUrl);
        const useProxy = proxyUrl && proxyUrl.hostname;
        if (!useProxy) {
            return;
        }
        return this._getProxyAgentDispatcher(parsedUrl, proxyUrl);
    }
    _prepareRequest(method, requestUrl, headers) {
        const info = {};
        info.parsedUrl = requestUrl;
        const usingSsl = info.parsedUrl.protocol === 'https:';
        info.httpModule = usingSsl ? external_https_namespaceObject : external_http_namespaceObject;
        const defaultPort = usingSsl ? 443 : 80;
        info.options = {};
        info.options.host = info.parsedUrl.hostname;
        info.options.port = info.parsedUrl.port
            ? parseInt(info.parsedUrl.port)
            : defaultPort;
        info.options.path =
            (info.parsedUrl.pathname || '') + (info.parsedUrl.search || '');
        info.options.method = method;
        info.options.headers = this._mergeHeaders(headers);
        if (this.userAgent != null) {
            info.options.headers['user-agent'] = this.userAgent;
        }
        info.options.agent = this._getAgent(info.parsedUrl);
        // gives handlers an opportunity to participate
        if (this.handlers) {
            for (const handler of this.handlers) {
                handler.prepareRequest(info.options);
            }
        }
        return info;
    }
    _mergeHeaders(headers) {
        if (this.requestOptions && this.requestOptions.headers) {
            return Object.assign({}, lowercaseKeys(this.requestOptions.headers), lowercaseKeys(headers || {}));
        }
        return lowercaseKeys(headers || {});
    }
    /**
     * Gets an existing header value or returns a default.
     * Handles converting number header values to strings since HTTP headers must be strings.
     * Note: This returns string | string[] since some headers can have multiple values.
     * For headers that must always be a single string (like Content-Type), use the
     * specialized _getExistingOrDefaultContentTypeHeader method instead.
     */
    _getExistingOrDefaultHeader(additionalHeaders, header, _default) {
        let clientHeader;
        if (this.requestOptions && this.requestOptions.headers) {
            const headerValue = lowercaseKeys(this.requestOptions.headers)[header];
            if (headerValue) {
                clientHeader =
                    typeof headerValue === 'number' ? headerValue.toString() : headerValue;
            }
        }
        const additionalValue = additionalHeaders[header];
        if (additionalValue !== undefined) {
            return typeof additionalValue === 'number'
                ? additionalValue.toString()
                : additionalValue;
        }
        if (clientHeader !== undefined) {
            return clientHeader;
        }
        return _default;
    }
    /**
     * Specialized version of _getExistingOrDefaultHeader for Content-Type header.
     * Always returns a single string (not an array) since Content-Type should be a single value.
     * Converts arrays to comma-separated strings and numbers to strings to ensure type safety.
     * This was split from _getExistingOrDefaultHeader to provide stricter typing for callers
     * that assign the result to places expecting a string (e.g., additionalHeaders[Headers.ContentType]).
     */
    _getExistingOrDefaultContentTypeHeader(additionalHeaders, _default) {
        let clientHeader;
        if (this.requestOptions && this.requestOptions.headers) {
            const headerValue = lowercaseKeys(this.requestOptions.headers)[Headers.ContentType];
            if (headerValue) {
                if (typeof headerValue === 'number') {
                    clientHeader = String(headerValue);
                }
                else if (Array.isArray(headerValue)) {
                    clientHeader = headerValue.join(', ');
                }
                else {
                    clientHeader = headerValue;
                }
            }
        }
        const additionalValue = additionalHeaders[Headers.ContentType];
        // Return the first non-undefined value, converting numbers or arrays to strings if necessary
        if (additionalValue !== undefined) {
            if (typeof additionalValue === 'number') {
                return String(additionalValue);
            }
            else if (Array.isArray(additionalValue)) {
                return additionalValue.join(', ');
            }
            else {
                return additionalValue;
            }
        }
        if (clientHeader !== undefined) {
            return clientHeader;
        }
        return _default;
    }
    _getAgent(parsedUrl) {
        let agent;
        const proxyUrl = getProxyUrl(parsedUrl);
        const useProxy = proxyUrl && proxyUrl.hostname;
        if (this._keepAlive && useProxy) {
            agent = this._proxyAgent;
        }
        if (!useProxy) {
            agent = this._agent;
        }
        // if agent is already assigned use that agent.
        if (agent) {
            return agent;
        }
        const usingSsl = parsedUrl.protocol === 'https:';
        let maxSockets = 100;
        if (this.requestOptions) {
            maxSockets = this.requestOptions.maxSockets || external_http_.globalAgent.maxSockets;
        }
        // This is `useProxy` again, but we need to check `proxyURl` directly for TypeScripts's flow analysis.
        if (proxyUrl && proxyUrl.hostname) {
            const agentOptions = {
                maxSockets,
                keepAlive: this._keepAlive,
                proxy: Object.assign(Object.assign({}, ((proxyUrl.username || proxyUrl.password) && {
                    proxyAuth: `${proxyUrl.username}:${proxyUrl.password}`
                })), { host: proxyUrl.hostname, port: proxyUrl.port })
            };
            let tunnelAgent;
            const overHttps = proxyUrl.protocol === 'https:';
            if (usingSsl) {
                tunnelAgent = overHttps ? tunnel.httpsOverHttps : tunnel.httpsOverHttp;
            }
            else {
                tunnelAgent = overHttps ? tunnel.httpOverHttps : tunnel.httpOverHttp;
            }
            agent = tunnelAgent(agentOptions);
            this._proxyAgent = agent;
        }
        // if tunneling agent isn't assigned create a new agent
        if (!agent) {
            const options = { keepAlive: this._keepAlive, maxSockets };
            agent = usingSsl ? new external_https_.Agent(options) : new external_http_.Agent(options);
            this._agent = agent;
        }
        if (usingSsl && this._ignoreSslError) {
            // we don't want to set NODE_TLS_REJECT_UNAUTHORIZED=0 since that will affect request for entire process
            // http.RequestOptions doesn't expose a way to modify RequestOptions.agent.options
            // we have to cast it to any and change it directly
            agent.options = Object.assign(agent.options || {}, {
                rejectUnauthorized: false
            });
        }
        return agent;
    }
    _getProxyAgentDispatcher(parsedUrl, proxyUrl) {
        let proxyAgent;
        if (this._keepAlive) {
            proxyAgent = this._proxyAgentDispatcher;
        }
        // if agent is already assigned use that agent.
        if (proxyAgent) {
            return proxyAgent;
        }
        const usingSsl = parsedUrl.protocol === 'https:';
        proxyAgent = new undici.ProxyAgent(Object.assign({ uri: proxyUrl.href, pipelining: !this._keepAlive ? 0 : 1 }, ((proxyUrl.username || proxyUrl.password) && {
            token: `Basic ${Buffer.from(`${proxyUrl.username}:${proxyUrl.password}`).toString('base64')}`
        })));
        this._proxyAgentDispatcher = proxyAgent;
        if (usingSsl && this._ignoreSslError) {
            // we don't want to set NODE_TLS_REJECT_UNAUTHORIZED=0 since that will affect request for entire process
            // http.RequestOptions doesn't expose a way to modify RequestOptions.agent.options
            // we have to cast it to any and change it directly
            proxyAgent.options = Object.assign(proxyAgent.options.requestTls || {}, {
                rejectUnauthorized: false
            });
        }
        return proxyAgent;
    }
    _getUserAgentWithOrchestrationId(userAgent) {
        const baseUserAgent = userAgent || 'actions/http-client';
        const orchId = process.env['ACTIONS_ORCHESTRATION_ID'];
        if (orchId) {
            // Sanitize the orchestration ID to ensure it contains only valid characters
            // Valid characters: 0-9, a-z, _, -, .
            const sanitizedId = orchId.replace(/[^a-z0-9_.-]/gi, '_');
            return `${baseUserAgent} actions_orchestration_id/${sanitizedId}`;
        }
        return baseUserAgent;
    }
    _performExponentialBackoff(retryNumber) {
        return __awaiter(this, void 0, void 0, function* () {
            retryNumber = Math.min(ExponentialBackoffCeiling, retryNumber);
            const ms = ExponentialBackoffTimeSlice * Math.pow(2, retryNumber);
            return new Promise(resolve => setTimeout(() => resolve(), ms));
        });
    }
    _processResponse(res, options) {
        return __awaiter(this, void 0, void 0, function* () {
            return new Promise((resolve, reject) => __awaiter(this, void 0, void 0, function* () {
                const statusCode = res.message.statusCode || 0;
                const response = {
                    statusCode,
                    result: null,
                    headers: {}
                };
                // not found leads to null obj returned
                if (statusCode === HttpCodes.NotFound) {
                    resolve(response);
                }
                // get the result from the body
                function dateTimeDeserializer(key, value) {
                    if (typeof value === 'string') {
                        const a = new Date(value);
                        if (!isNaN(a.valueOf())) {
                            return a;
                        }
                    }
                    return value;
                }
                let obj;
                let contents;
                try {
                    contents = yield res.readBody();
                    if (contents && contents.length > 0) {
                        if (options && options.deserializeDates) {
                            obj = JSON.parse(contents, dateTimeDeserializer);
                        }
                        else {
                            obj = JSON.parse(contents);
                        }
                        response.result = obj;
                    }
                    response.headers = res.message.headers;
                }
                catch (err) {
                    // Invalid resource (contents not json);  leaving result obj null
                }
                // note that 3xx redirects are handled by the http layer.
                if (statusCode > 299) {
                    let msg;
                    // if exception/error in body, attempt to get better error
                    if (obj && obj.message) {
                        msg = obj.message;
                    }
                    else if (contents && contents.length > 0) {
                        // it may be the case that the exception is in the body message as string
                        msg = contents;
                    }
                    else {
                        msg = `Failed request: (${statusCode})`;
                    }
                    const err = new HttpClientError(msg, statusCode);
                    err.result = response.result;
                    reject(err);
                }
                else {
                    resolve(response);
                }
            }));
        });
    }
}
const lowercaseKeys = (obj) => Object.keys(obj).reduce((c, k) => ((c[k.toLowerCase()] = obj[k]), c), {});
//# sourceMappingURL=index.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/http-client/lib/auth.js
var auth_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};
class BasicCredentialHandler {
    constructor(username, password) {
        this.username = username;
        this.password = password;
    }
    prepareRequest(options) {
        if (!options.headers) {
            throw Error('The request has no headers');
        }
        options.headers['Authorization'] = `Basic ${Buffer.from(`${this.username}:${this.password}`).toString('base64')}`;
    }
    // This handler cannot handle 401
    canHandleAuthentication() {
        return false;
    }
    handleAuthentication() {
        return auth_awaiter(this, void 0, void 0, function* () {
            throw new Error('not implemented');
        });
    }
}
class auth_BearerCredentialHandler {
    constructor(token) {
        this.token = token;
    }
    // currently implements pre-authorization
    // TODO: support preAuth = false where it hooks on 401
    prepareRequest(options) {
        if (!options.headers) {
            throw Error('The request has no headers');
        }
        options.headers['Authorization'] = `Bearer ${this.token}`;
    }
    // This handler cannot handle 401
    canHandleAuthentication() {
        return false;
    }
    handleAuthentication() {
        return auth_awaiter(this, void 0, void 0, function* () {
            throw new Error('not implemented');
        });
    }
}
class PersonalAccessTokenCredentialHandler {
    constructor(token) {
        this.token = token;
    }
    // currently implements pre-authorization
    // TODO: support preAuth = false where it hooks on 401
    prepareRequest(options) {
        if (!options.headers) {
            throw Error('The request has no headers');
        }
        options.headers['Authorization'] = `Basic ${Buffer.from(`PAT:${this.token}`).toString('base64')}`;
    }
    // This handler cannot handle 401
    canHandleAuthentication() {
        return false;
    }
    handleAuthentication() {
        return auth_awaiter(this, void 0, void 0, function* () {
            throw new Error('not implemented');
        });
    }
}
//# sourceMappingURL=auth.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/oidc-utils.js
var oidc_utils_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};



class oidc_utils_OidcClient {
    static createHttpClient(allowRetry = true, maxRetry = 10) {
        const requestOptions = {
            allowRetries: allowRetry,
            maxRetries: maxRetry
        };
        return new HttpClient('actions/oidc-client', [new BearerCredentialHandler(oidc_utils_OidcClient.getRequestToken())], requestOptions);
    }
    static getRequestToken() {
        const token = process.env['ACTIONS_ID_TOKEN_REQUEST_TOKEN'];
        if (!token) {
            throw new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_TOKEN env variable');
        }
        return token;
    }
    static getIDTokenUrl() {
        const runtimeUrl = process.env['ACTIONS_ID_TOKEN_REQUEST_URL'];
        if (!runtimeUrl) {
            throw new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable');
        }
        return runtimeUrl;
    }
    static getCall(id_token_url) {
        return oidc_utils_awaiter(this, void 0, void 0, function* () {
            var _a;
            const httpclient = oidc_utils_OidcClient.createHttpClient();
            const res = yield httpclient
                .getJson(id_token_url)
                .catch(error => {
                throw new Error(`Failed to get ID Token. \n 
        Error Code : ${error.statusCode}\n 
        Error Message: ${error.message}`);
            });
            const id_token = (_a = res.result) === null || _a === void 0 ? void 0 : _a.value;
            if (!id_token) {
                throw new Error('Response json body do not have ID Token field');
            }
            return id_token;
        });
    }
    static getIDToken(audience) {
        return oidc_utils_awaiter(this, void 0, void 0, function* () {
            try {
                // New ID Token is requested from action service
                let id_token_url = oidc_utils_OidcClient.getIDTokenUrl();
                if (audience) {
                    const encodedAudience = encodeURIComponent(audience);
                    id_token_url = `${id_token_url}&audience=${encodedAudience}`;
                }
                debug(`ID token url is ${id_token_url}`);
                const id_token = yield oidc_utils_OidcClient.getCall(id_token_url);
                setSecret(id_token);
                return id_token;
            }
            catch (error) {
                throw new Error(`Error message: ${error.message}`);
            }
        });
    }
}
//# sourceMappingURL=oidc-utils.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/summary.js
var summary_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


const { access, appendFile, writeFile } = external_fs_namespaceObject.promises;
const SUMMARY_ENV_VAR = 'GITHUB_STEP_SUMMARY';
const SUMMARY_DOCS_URL = 'https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions#adding-a-job-summary';
class Summary {
    constructor() {
        this._buffer = '';
    }
    /**
     * Finds the summary file path from the environment, rejects if env var is not found or file does not exist
     * Also checks r/w permissions.
     *
     * @returns step summary file path
     */
    filePath() {
        return summary_awaiter(this, void 0, void 0, function* () {
            if (this._filePath) {
                return this._filePath;
            }
            const pathFromEnv = process.env[SUMMARY_ENV_VAR];
            if (!pathFromEnv) {
                throw new Error(`Unable to find environment variable for $${SUMMARY_ENV_VAR}. Check if your runtime environment supports job summaries.`);
            }
            try {
                yield access(pathFromEnv, external_fs_namespaceObject.constants.R_OK | external_fs_namespaceObject.constants.W_OK);
            }
            catch (_a) {
                throw new Error(`Unable to access summary file: '${pathFromEnv}'. Check if the file has correct read/write permissions.`);
            }
            this._filePath = pathFromEnv;
            return this._filePath;
        });
    }
    /**
     * Wraps content in an HTML tag, adding any HTML attributes
     *
     * @param {string} tag HTML tag to wrap
     * @param {string | null} content content within the tag
     * @param {[attribute: string]: string} attrs key-value list of HTML attributes to add
     *
     * @returns {string} content wrapped in HTML element
     */
    wrap(tag, content, attrs = {}) {
        const htmlAttrs = Object.entries(attrs)
            .map(([key, value]) => ` ${key}="${value}"`)
            .join('');
        if (!content) {
            return `<${tag}${htmlAttrs}>`;
        }
        return `<${tag}${htmlAttrs}>${content}</${tag}>`;
    }
    /**
     * Writes text in the buffer to the summary buffer file and empties buffer. Will append by default.
     *
     * @param {SummaryWriteOptions} [options] (optional) options for write operation
     *
     * @returns {Promise<Summary>} summary instance
     */
    write(options) {
        return summary_awaiter(this, void 0, void 0, function* () {
            const overwrite = !!(options === null || options === void 0 ? void 0 : options.overwrite);
            const filePath = yield this.filePath();
            const writeFunc = overwrite ? writeFile : appendFile;
            yield writeFunc(filePath, this._buffer, { encoding: 'utf8' });
            return this.emptyBuffer();
        });
    }
    /**
     * Clears the summary buffer and wipes the summary file
     *
     * @returns {Summary} summary instance
     */
    clear() {
        return summary_awaiter(this, void 0, void 0, function* () {
            return this.emptyBuffer().write({ overwrite: true });
        });
    }
    /**
     * Returns the current summary buffer as a string
     *
     * @returns {string} string of summary buffer
     */
    stringify() {
        return this._buffer;
    }
    /**
     * If the summary buffer is empty
     *
     * @returns {boolen} true if the buffer is empty
     */
    isEmptyBuffer() {
        return this._buffer.length === 0;
    }
    /**
     * Resets the summary buffer without writing to summary file
     *
     * @returns {Summary} summary instance
     */
    emptyBuffer() {
        this._buffer = '';
        return this;
    }
    /**
     * Adds raw text to the summary buffer
     *
     * @param {string} text content to add
     * @param {boolean} [addEOL=false] (optional) append an EOL to the raw text (default: false)
     *
     * @returns {Summary} summary instance
     */
    addRaw(text, addEOL = false) {
        this._buffer += text;
        return addEOL ? this.addEOL() : this;
    }
    /**
     * Adds the operating system-specific end-of-line marker to the buffer
     *
     * @returns {Summary} summary instance
     */
    addEOL() {
        return this.addRaw(external_os_namespaceObject.EOL);
    }
    /**
     * Adds an HTML codeblock to the summary buffer
     *
     * @param {string} code content to render within fenced code block
     * @param {string} lang (optional) language to syntax highlight code
     *
     * @returns {Summary} summary instance
     */
    addCodeBlock(code, lang) {
        const attrs = Object.assign({}, (lang && { lang }));
        const element = this.wrap('pre', this.wrap('code', code), attrs);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML list to the summary buffer
     *
     * @param {string[]} items list of items to render
     * @param {boolean} [ordered=false] (optional) if the rendered list should be ordered or not (default: false)
     *
     * @returns {Summary} summary instance
     */
    addList(items, ordered = false) {
        const tag = ordered ? 'ol' : 'ul';
        const listItems = items.map(item => this.wrap('li', item)).join('');
        const element = this.wrap(tag, listItems);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML table to the summary buffer
     *
     * @param {SummaryTableCell[]} rows table rows
     *
     * @returns {Summary} summary instance
     */
    addTable(rows) {
        const tableBody = rows
            .map(row => {
            const cells = row
                .map(cell => {
                if (typeof cell === 'string') {
                    return this.wrap('td', cell);
                }
                const { header, data, colspan, rowspan } = cell;
                const tag = header ? 'th' : 'td';
                const attrs = Object.assign(Object.assign({}, (colspan && { colspan })), (rowspan && { rowspan }));
                return this.wrap(tag, data, attrs);
            })
                .join('');
            return this.wrap('tr', cells);
        })
            .join('');
        const element = this.wrap('table', tableBody);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds a collapsable HTML details element to the summary buffer
     *
     * @param {string} label text for the closed state
     * @param {string} content collapsable content
     *
     * @returns {Summary} summary instance
     */
    addDetails(label, content) {
        const element = this.wrap('details', this.wrap('summary', label) + content);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML image tag to the summary buffer
     *
     * @param {string} src path to the image you to embed
     * @param {string} alt text description of the image
     * @param {SummaryImageOptions} options (optional) addition image attributes
     *
     * @returns {Summary} summary instance
     */
    addImage(src, alt, options) {
        const { width, height } = options || {};
        const attrs = Object.assign(Object.assign({}, (width && { width })), (height && { height }));
        const element = this.wrap('img', null, Object.assign({ src, alt }, attrs));
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML section heading element
     *
     * @param {string} text heading text
     * @param {number | string} [level=1] (optional) the heading level, default: 1
     *
     * @returns {Summary} summary instance
     */
    addHeading(text, level) {
        const tag = `h${level}`;
        const allowedTag = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].includes(tag)
            ? tag
            : 'h1';
        const element = this.wrap(allowedTag, text);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML thematic break (<hr>) to the summary buffer
     *
     * @returns {Summary} summary instance
     */
    addSeparator() {
        const element = this.wrap('hr', null);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML line break (<br>) to the summary buffer
     *
     * @returns {Summary} summary instance
     */
    addBreak() {
        const element = this.wrap('br', null);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML blockquote to the summary buffer
     *
     * @param {string} text quote text
     * @param {string} cite (optional) citation url
     *
     * @returns {Summary} summary instance
     */
    addQuote(text, cite) {
        const attrs = Object.assign({}, (cite && { cite }));
        const element = this.wrap('blockquote', text, attrs);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML anchor tag to the summary buffer
     *
     * @param {string} text link text/content
     * @param {string} href hyperlink
     *
     * @returns {Summary} summary instance
     */
    addLink(text, href) {
        const element = this.wrap('a', text, { href });
        return this.addRaw(element).addEOL();
    }
}
const _summary = new Summary();
/**
 * @deprecated use `core.summary`
 */
const markdownSummary = (/* unused pure expression or super */ null && (_summary));
const summary = _summary;
//# sourceMappingURL=summary.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/path-utils.js

/**
 * toPosixPath converts the given path to the posix form. On Windows, \\ will be
 * replaced with /.
 *
 * @param pth. Path to transform.
 * @return string Posix path.
 */
function toPosixPath(pth) {
    return pth.replace(/[\\]/g, '/');
}
/**
 * toWin32Path converts the given path to the win32 form. On Linux, / will be
 * replaced with \\.
 *
 * @param pth. Path to transform.
 * @return string Win32 path.
 */
function toWin32Path(pth) {
    return pth.replace(/[/]/g, '\\');
}
/**
 * toPlatformPath converts the given path to a platform-specific path. It does
 * this by replacing instances of / and \ with the platform-specific path
 * separator.
 *
 * @param pth The path to platformize.
 * @return string The platform-specific path.
 */
function toPlatformPath(pth) {
    return pth.replace(/[/\\]/g, path.sep);
}
//# sourceMappingURL=path-utils.js.map
;// CONCATENATED MODULE: external "string_decoder"
const external_string_decoder_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");
// EXTERNAL MODULE: external "events"
var external_events_ = __nccwpck_require__(434);
;// CONCATENATED MODULE: external "child_process"
const external_child_process_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("child_process");
// EXTERNAL MODULE: external "assert"
var external_assert_ = __nccwpck_require__(613);
;// CONCATENATED MODULE: ./node_modules/@actions/io/lib/io-util.js
var io_util_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


const { chmod, copyFile, lstat, mkdir, open: io_util_open, readdir, rename, rm, rmdir, stat, symlink, unlink } = external_fs_namespaceObject.promises;
// export const {open} = 'fs'
const IS_WINDOWS = process.platform === 'win32';
/**
 * Custom implementation of readlink to ensure Windows junctions
 * maintain trailing backslash for backward compatibility with Node.js < 24
 *
 * In Node.js 20, Windows junctions (directory symlinks) always returned paths
 * with trailing backslashes. Node.js 24 removed this behavior, which breaks
 * code that relied on this format for path operations.
 *
 * This implementation restores the Node 20 behavior by adding a trailing
 * backslash to all junction results on Windows.
 */
function readlink(fsPath) {
    return io_util_awaiter(this, void 0, void 0, function* () {
        const result = yield fs.promises.readlink(fsPath);
        // On Windows, restore Node 20 behavior: add trailing backslash to all results
        // since junctions on Windows are always directory links
        if (IS_WINDOWS && !result.endsWith('\\')) {
            return `${result}\\`;
        }
        return result;
    });
}
// See https://github.com/nodejs/node/blob/d0153aee367422d0858105abec186da4dff0a0c5/deps/uv/include/uv/win.h#L691
const UV_FS_O_EXLOCK = 0x10000000;
const READONLY = external_fs_namespaceObject.constants.O_RDONLY;
function exists(fsPath) {
    return io_util_awaiter(this, void 0, void 0, function* () {
        try {
            yield stat(fsPath);
        }
        catch (err) {
            if (err.code === 'ENOENT') {
                return false;
            }
            throw err;
        }
        return true;
    });
}
function isDirectory(fsPath_1) {
    return io_util_awaiter(this, arguments, void 0, function* (fsPath, useStat = false) {
        const stats = useStat ? yield stat(fsPath) : yield lstat(fsPath);
        return stats.isDirectory();
    });
}
/**
 * On OSX/Linux, true if path starts with '/'. On Windows, true for paths like:
 * \, \hello, \\hello\share, C:, and C:\hello (and corresponding alternate separator cases).
 */
function isRooted(p) {
    p = normalizeSeparators(p);
    if (!p) {
        throw new Error('isRooted() parameter "p" cannot be empty');
    }
    if (IS_WINDOWS) {
        return (p.startsWith('\\') || /^[A-Z]:/i.test(p) // e.g. \ or \hello or \\hello
        ); // e.g. C: or C:\hello
    }
    return p.startsWith('/');
}
/**
 * Best effort attempt to determine whether a file exists and is executable.
 * @param filePath    file path to check
 * @param extensions  additional file extensions to try
 * @return if file exists and is executable, returns the file path. otherwise empty string.
 */
function tryGetExecutablePath(filePath, extensions) {
    return io_util_awaiter(this, void 0, void 0, function* () {
        let stats = undefined;
        try {
            // test file exists
            stats = yield stat(filePath);
        }
        catch (err) {
            if (err.code !== 'ENOENT') {
                // eslint-disable-next-line no-console
                console.log(`Unexpected error attempting to determine if executable file exists '${filePath}': ${err}`);
            }
        }
        if (stats && stats.isFile()) {
            if (IS_WINDOWS) {
                // on Windows, test for valid extension
                const upperExt = external_path_namespaceObject.extname(filePath).toUpperCase();
                if (extensions.some(validExt => validExt.toUpperCase() === upperExt)) {
                    return filePath;
                }
            }
            else {
                if (isUnixExecutable(stats)) {
                    return filePath;
                }
            }
        }
        // try each extension
        const originalFilePath = filePath;
        for (const extension of extensions) {
            filePath = originalFilePath + extension;
            stats = undefined;
            try {
                stats = yield stat(filePath);
            }
            catch (err) {
                if (err.code !== 'ENOENT') {
                    // eslint-disable-next-line no-console
                    console.log(`Unexpected error attempting to determine if executable file exists '${filePath}': ${err}`);
                }
            }
            if (stats && stats.isFile()) {
                if (IS_WINDOWS) {
                    // preserve the case of the actual file (since an extension was appended)
                    try {
                        const directory = external_path_namespaceObject.dirname(filePath);
                        const upperName = external_path_namespaceObject.basename(filePath).toUpperCase();
                        for (const actualName of yield readdir(directory)) {
                            if (upperName === actualName.toUpperCase()) {
                                filePath = external_path_namespaceObject.join(directory, actualName);
                                break;
                            }
                        }
                    }
                    catch (err) {
                        // eslint-disable-next-line no-console
                        console.log(`Unexpected error attempting to determine the actual case of the file '${filePath}': ${err}`);
                    }
                    return filePath;
                }
                else {
                    if (isUnixExecutable(stats)) {
                        return filePath;
                    }
                }
            }
        }
        return '';
    });
}
function normalizeSeparators(p) {
    p = p || '';
    if (IS_WINDOWS) {
        // convert slashes on Windows
        p = p.replace(/\//g, '\\');
        // remove redundant slashes
        return p.replace(/\\\\+/g, '\\');
    }
    // remove redundant slashes
    return p.replace(/\/\/+/g, '/');
}
// on Mac/Linux, test the execute bit
//     R   W  X  R  W X R W X
//   256 128 64 32 16 8 4 2 1
function isUnixExecutable(stats) {
    return ((stats.mode & 1) > 0 ||
        ((stats.mode & 8) > 0 &&
            process.getgid !== undefined &&
            stats.gid === process.getgid()) ||
        ((stats.mode & 64) > 0 &&
            process.getuid !== undefined &&
            stats.uid === process.getuid()));
}
// Get the path of cmd.exe in windows
function getCmdPath() {
    var _a;
    return (_a = process.env['COMSPEC']) !== null && _a !== void 0 ? _a : `cmd.exe`;
}
//# sourceMappingURL=io-util.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/io/lib/io.js
var io_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};



/**
 * Copies a file or folder.
 * Based off of shelljs - https://github.com/shelljs/shelljs/blob/9237f66c52e5daa40458f94f9565e18e8132f5a6/src/cp.js
 *
 * @param     source    source path
 * @param     dest      destination path
 * @param     options   optional. See CopyOptions.
 */
function cp(source_1, dest_1) {
    return io_awaiter(this, arguments, void 0, function* (source, dest, options = {}) {
        const { force, recursive, copySourceDirectory } = readCopyOptions(options);
        const destStat = (yield ioUtil.exists(dest)) ? yield ioUtil.stat(dest) : null;
        // Dest is an existing file, but not forcing
        if (destStat && destStat.isFile() && !force) {
            return;
        }
        // If dest is an existing directory, should copy inside.
        const newDest = destStat && destStat.isDirectory() && copySourceDirectory
            ? path.join(dest, path.basename(source))
            : dest;
        if (!(yield ioUtil.exists(source))) {
            throw new Error(`no such file or directory: ${source}`);
        }
        const sourceStat = yield ioUtil.stat(source);
        if (sourceStat.isDirectory()) {
            if (!recursive) {
                throw new Error(`Failed to copy. ${source} is a directory, but tried to copy without recursive flag.`);
            }
            else {
                yield cpDirRecursive(source, newDest, 0, force);
            }
        }
        else {
            if (path.relative(source, newDest) === '') {
                // a file cannot be copied to itself
                throw new Error(`'${newDest}' and '${source}' are the same file`);
            }
            yield io_copyFile(source, newDest, force);
        }
    });
}
/**
 * Moves a path.
 *
 * @param     source    source path
 * @param     dest      destination path
 * @param     options   optional. See MoveOptions.
 */
function mv(source_1, dest_1) {
    return io_awaiter(this, arguments, void 0, function* (source, dest, options = {}) {
        if (yield ioUtil.exists(dest)) {
            let destExists = true;
            if (yield ioUtil.isDirectory(dest)) {
                // If dest is directory copy src into dest
                dest = path.join(dest, path.basename(source));
                destExists = yield ioUtil.exists(dest);
            }
            if (destExists) {
                if (options.force == null || options.force) {
                    yield rmRF(dest);
                }
                else {
                    throw new Error('Destination already exists');
                }
            }
        }
        yield mkdirP(path.dirname(dest));
        yield ioUtil.rename(source, dest);
    });
}
/**
 * Remove a path recursively with force
 *
 * @param inputPath path to remove
 */
function rmRF(inputPath) {
    return io_awaiter(this, void 0, void 0, function* () {
        if (ioUtil.IS_WINDOWS) {
            // Check for invalid characters
            // https://docs.microsoft.com/en-us/windows/win32/fileio/naming-a-file
            if (/[*"<>|]/.test(inputPath)) {
                throw new Error('File path must not contain `*`, `"`, `<`, `>` or `|` on Windows');
            }
        }
        try {
            // note if path does not exist, error is silent
            yield ioUtil.rm(inputPath, {
                force: true,
                maxRetries: 3,
                recursive: true,
                retryDelay: 300
            });
        }
        catch (err) {
            throw new Error(`File was unable to be removed ${err}`);
        }
    });
}
/**
 * Make a directory.  Creates the full path with folders in between
 * Will throw if it fails
 *
 * @param   fsPath        path to create
 * @returns Promise<void>
 */
function mkdirP(fsPath) {
    return io_awaiter(this, void 0, void 0, function* () {
        ok(fsPath, 'a path argument must be provided');
        yield ioUtil.mkdir(fsPath, { recursive: true });
    });
}
/**
 * Returns path of a tool had the tool actually been invoked.  Resolves via paths.
 * If you check and the tool does not exist, it will throw.
 *
 * @param     tool              name of the tool
 * @param     check             whether to check if tool exists
 * @returns   Promise<string>   path to tool
 */
function which(tool, check) {
    return io_awaiter(this, void 0, void 0, function* () {
        if (!tool) {
            throw new Error("parameter 'tool' is required");
        }
        // recursive when check=true
        if (check) {
            const result = yield which(tool, false);
            if (!result) {
                if (IS_WINDOWS) {
                    throw new Error(`Unable to locate executable file: ${tool}. Please verify either the file path exists or the file can be found within a directory specified by the PATH environment variable. Also verify the file has a valid extension for an executable file.`);
                }
                else {
                    throw new Error(`Unable to locate executable file: ${tool}. Please verify either the file path exists or the file can be found within a directory specified by the PATH environment variable. Also check the file mode to verify the file is executable.`);
                }
            }
            return result;
        }
        const matches = yield findInPath(tool);
        if (matches && matches.length > 0) {
            return matches[0];
        }
        return '';
    });
}
/**
 * Returns a list of all occurrences of the given tool on the system path.
 *
 * @returns   Promise<string[]>  the paths of the tool
 */
function findInPath(tool) {
    return io_awaiter(this, void 0, void 0, function* () {
        if (!tool) {
            throw new Error("parameter 'tool' is required");
        }
        // build the list of extensions to try
        const extensions = [];
        if (IS_WINDOWS && process.env['PATHEXT']) {
            for (const extension of process.env['PATHEXT'].split(external_path_namespaceObject.delimiter)) {
                if (extension) {
                    extensions.push(extension);
                }
            }
        }
        // if it's rooted, return it if exists. otherwise return empty.
        if (isRooted(tool)) {
            const filePath = yield tryGetExecutablePath(tool, extensions);
            if (filePath) {
                return [filePath];
            }
            return [];
        }
        // if any path separators, return empty
        if (tool.includes(external_path_namespaceObject.sep)) {
            return [];
        }
        // build the list of directories
        //
        // Note, technically "where" checks the current directory on Windows. From a toolkit perspective,
        // it feels like we should not do this. Checking the current directory seems like more of a use
        // case of a shell, and the which() function exposed by the toolkit should strive for consistency
        // across platforms.
        const directories = [];
        if (process.env.PATH) {
            for (const p of process.env.PATH.split(external_path_namespaceObject.delimiter)) {
                if (p) {
                    directories.push(p);
                }
            }
        }
        // find all matches
        const matches = [];
        for (const directory of directories) {
            const filePath = yield tryGetExecutablePath(external_path_namespaceObject.join(directory, tool), extensions);
            if (filePath) {
                matches.push(filePath);
            }
        }
        return matches;
    });
}
function readCopyOptions(options) {
    const force = options.force == null ? true : options.force;
    const recursive = Boolean(options.recursive);
    const copySourceDirectory = options.copySourceDirectory == null
        ? true
        : Boolean(options.copySourceDirectory);
    return { force, recursive, copySourceDirectory };
}
function cpDirRecursive(sourceDir, destDir, currentDepth, force) {
    return io_awaiter(this, void 0, void 0, function* () {
        // Ensure there is not a run away recursive copy
        if (currentDepth >= 255)
            return;
        currentDepth++;
        yield mkdirP(destDir);
        const files = yield ioUtil.readdir(sourceDir);
        for (const fileName of files) {
            const srcFile = `${sourceDir}/${fileName}`;
            const destFile = `${destDir}/${fileName}`;
            const srcFileStat = yield ioUtil.lstat(srcFile);
            if (srcFileStat.isDirectory()) {
                // Recurse
                yield cpDirRecursive(srcFile, destFile, currentDepth, force);
            }
            else {
                yield io_copyFile(srcFile, destFile, force);
            }
        }
        // Change the mode for the newly created directory
        yield ioUtil.chmod(destDir, (yield ioUtil.stat(sourceDir)).mode);
    });
}
// Buffered file copy
function io_copyFile(srcFile, destFile, force) {
    return io_awaiter(this, void 0, void 0, function* () {
        if ((yield ioUtil.lstat(srcFile)).isSymbolicLink()) {
            // unlink/re-link it
            try {
                yield ioUtil.lstat(destFile);
                yield ioUtil.unlink(destFile);
            }
            catch (e) {
                // Try to override file permission
                if (e.code === 'EPERM') {
                    yield ioUtil.chmod(destFile, '0666');
                    yield ioUtil.unlink(destFile);
                }
                // other errors = it doesn't exist, no work to do
            }
            // Copy over symlink
            const symlinkFull = yield ioUtil.readlink(srcFile);
            yield ioUtil.symlink(symlinkFull, destFile, ioUtil.IS_WINDOWS ? 'junction' : null);
        }
        else if (!(yield ioUtil.exists(destFile)) || force) {
            yield ioUtil.copyFile(srcFile, destFile);
        }
    });
}
//# sourceMappingURL=io.js.map
;// CONCATENATED MODULE: external "timers"
const external_timers_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("timers");
;// CONCATENATED MODULE: ./node_modules/@actions/exec/lib/toolrunner.js
var toolrunner_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};







/* eslint-disable @typescript-eslint/unbound-method */
const toolrunner_IS_WINDOWS = process.platform === 'win32';
/*
 * Class for running command line tools. Handles quoting and arg parsing in a platform agnostic way.
 */
class ToolRunner extends external_events_.EventEmitter {
    constructor(toolPath, args, options) {
        super();
        if (!toolPath) {
            throw new Error("Parameter 'toolPath' cannot be null or empty.");
        }
        this.toolPath = toolPath;
        this.args = args || [];
        this.options = options || {};
    }
    _debug(message) {
        if (this.options.listeners && this.options.listeners.debug) {
            this.options.listeners.debug(message);
        }
    }
    _getCommandString(options, noPrefix) {
        const toolPath = this._getSpawnFileName();
        const args = this._getSpawnArgs(options);
        let cmd = noPrefix ? '' : '[command]'; // omit prefix when piped to a second tool
        if (toolrunner_IS_WINDOWS) {
            // Windows + cmd file
            if (this._isCmdFile()) {
                cmd += toolPath;
                for (const a of args) {
                    cmd += ` ${a}`;
                }
            }
            // Windows + verbatim
            else if (options.windowsVerbatimArguments) {
                cmd += `"${toolPath}"`;
                for (const a of args) {
                    cmd += ` ${a}`;
                }
            }
            // Windows (regular)
            else {
                cmd += this._windowsQuoteCmdArg(toolPath);
                for (const a of args) {
                    cmd += ` ${this._windowsQuoteCmdArg(a)}`;
                }
            }
        }
        else {
            // OSX/Linux - this can likely be improved with some form of quoting.
            // creating processes on Unix is fundamentally different than Windows.
            // on Unix, execvp() takes an arg array.
            cmd += toolPath;
            for (const a of args) {
                cmd += ` ${a}`;
            }
        }
        return cmd;
    }
    _processLineBuffer(data, strBuffer, onLine) {
        try {
            let s = strBuffer + data.toString();
            let n = s.indexOf(external_os_namespaceObject.EOL);
            while (n > -1) {
                const line = s.substring(0, n);
                onLine(line);
                // the rest of the string ...
                s = s.substring(n + external_os_namespaceObject.EOL.length);
                n = s.indexOf(external_os_namespaceObject.EOL);
            }
            return s;
        }
        catch (err) {
            // streaming lines to console is best effort.  Don't fail a build.
            this._debug(`error processing line. Failed with error ${err}`);
            return '';
        }
    }
    _getSpawnFileName() {
        if (toolrunner_IS_WINDOWS) {
            if (this._isCmdFile()) {
                return process.env['COMSPEC'] || 'cmd.exe';
            }
        }
        return this.toolPath;
    }
    _getSpawnArgs(options) {
        if (toolrunner_IS_WINDOWS) {
            if (this._isCmdFile()) {
                let argline = `/D /S /C "${this._windowsQuoteCmdArg(this.toolPath)}`;
                for (const a of this.args) {
                    argline += ' ';
                    argline += options.windowsVerbatimArguments
                        ? a
                        : this._windowsQuoteCmdArg(a);
                }
                argline += '"';
                return [argline];
            }
        }
        return this.args;
    }
    _endsWith(str, end) {
        return str.endsWith(end);
    }
    _isCmdFile() {
        const upperToolPath = this.toolPath.toUpperCase();
        return (this._endsWith(upperToolPath, '.CMD') ||
            this._endsWith(upperToolPath, '.BAT'));
    }
    _windowsQuoteCmdArg(arg) {
        // for .exe, apply the normal quoting rules that libuv applies
        if (!this._isCmdFile()) {
            return this._uvQuoteCmdArg(arg);
        }
        // otherwise apply quoting rules specific to the cmd.exe command line parser.
        // the libuv rules are generic and are not designed specifically for cmd.exe
        // command line parser.
        //
        // for a detailed description of the cmd.exe command line parser, refer to
        // http://stackoverflow.com/questions/4094699/how-does-the-windows-command-interpreter-cmd-exe-parse-scripts/7970912#7970912
        // need quotes for empty arg
        if (!arg) {
            return '""';
        }
        // determine whether the arg needs to be quoted
        const cmdSpecialChars = [
            ' ',
            '\t',
            '&',
            '(',
            ')',
            '[',
            ']',
            '{',
            '}',
            '^',
            '=',
            ';',
            '!',
            "'",
            '+',
            ',',
            '`',
            '~',
            '|',
            '<',
            '>',
            '"'
        ];
        let needsQuotes = false;
        for (const char of arg) {
            if (cmdSpecialChars.some(x => x === char)) {
                needsQuotes = true;
                break;
            }
        }
        // short-circuit if quotes not needed
        if (!needsQuotes) {
            return arg;
        }
        // the following quoting rules are very similar to the rules that by libuv applies.
        //
        // 1) wrap the string in quotes
        //
        // 2) double-up quotes - i.e. " => ""
        //
        //    this is different from the libuv quoting rules. libuv replaces " with \", which unfortunately
        //    doesn't work well with a cmd.exe command line.
        //
        //    note, replacing " with "" also works well if the arg is passed to a downstream .NET console app.
        //    for example, the command line:
        //          foo.exe "myarg:""my val"""
        //    is parsed by a .NET console app into an arg array:
        //          [ "myarg:\"my val\"" ]
        //    which is the same end result when applying libuv quoting rules. although the actual
        //    command line from libuv quoting rules would look like:
        //          foo.exe "myarg:\"my val\""
        //
        // 3) double-up slashes that precede a quote,
        //    e.g.  hello \world    => "hello \world"
        //          hello\"world    => "hello\\""world"
        //          hello\\"world   => "hello\\\\""world"
        //          hello world\    => "hello world\\"
        //
        //    technically this is not required for a cmd.exe command line, or the batch argument parser.
        //    the reasons for including this as a .cmd quoting rule are:
        //
        //    a) this is optimized for the scenario where the argument is passed from the .cmd file to an
        //       external program. many programs (e.g. .NET console apps) rely on the slash-doubling rule.
        //
        //    b) it's what we've been doing previously (by deferring to node default behavior) and we
        //       haven't heard any complaints about that aspect.
        //
        // note, a weakness of the quoting rules chosen here, is that % is not escaped. in fact, % cannot be
        // escaped when used on the command line directly - even though within a .cmd file % can be escaped
        // by using %%.
        //
        // the saving grace is, on the command line, %var% is left as-is if var is not defined. this contrasts
        // the line parsing rules within a .cmd file, where if var is not defined it is replaced with nothing.
        //
        // one option that was explored was replacing % with ^% - i.e. %var% => ^%var^%. this hack would
        // often work, since it is unlikely that var^ would exist, and the ^ character is removed when the
        // variable is used. the problem, however, is that ^ is not removed when %* is used to pass the args
        // to an external program.
        //
        // an unexplored potential solution for the % escaping problem, is to create a wrapper .cmd file.
        // % can be escaped within a .cmd file.
        let reverse = '"';
        let quoteHit = true;
        for (let i = arg.length; i > 0; i--) {
            // walk the string in reverse
            reverse += arg[i - 1];
            if (quoteHit && arg[i - 1] === '\\') {
                reverse += '\\'; // double the slash
            }
            else if (arg[i - 1] === '"') {
                quoteHit = true;
                reverse += '"'; // double the quote
            }
            else {
                quoteHit = false;
            }
        }
        reverse += '"';
        return reverse.split('').reverse().join('');
    }
    _uvQuoteCmdArg(arg) {
        // Tool runner wraps child_process.spawn() and needs to apply the same quoting as
        // Node in certain cases where the undocumented spawn option windowsVerbatimArguments
        // is used.
        //
        // Since this function is a port of quote_cmd_arg from Node 4.x (technically, lib UV,
        // see https://github.com/nodejs/node/blob/v4.x/deps/uv/src/win/process.c for details),
        // pasting copyright notice from Node within this function:
        //
        //      Copyright Joyent, Inc. and other Node contributors. All rights reserved.
        //
        //      Permission is hereby granted, free of charge, to any person obtaining a copy
        //      of this software and associated documentation files (the "Software"), to
        //      deal in the Software without restriction, including without limitation the
        //      rights to use, copy, modify, merge, publish, distribute, sublicense, and/or
        //      sell copies of the Software, and to permit persons to whom the Software is
        //      furnished to do so, subject to the following conditions:
        //
        //      The above copyright notice and this permission notice shall be included in
        //      all copies or substantial portions of the Software.
        //
        //      THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
        //      IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
        //      FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
        //      AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
        //      LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING
        //      FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS
        //      IN THE SOFTWARE.
        if (!arg) {
            // Need double quotation for empty argument
            return '""';
        }
        if (!arg.includes(' ') && !arg.includes('\t') && !arg.includes('"')) {
            // No quotation needed
            return arg;
        }
        if (!arg.includes('"') && !arg.includes('\\')) {
            // No embedded double quotes or backslashes, so I can just wrap
            // quote marks around the whole thing.
            return `"${arg}"`;
        }
        // Expected input/output:
        //   input : hello"world
        //   output: "hello\"world"
        //   input : hello""world
        //   output: "hello\"\"world"
        //   input : hello\world
        //   output: hello\world
        //   input : hello\\world
        //   output: hello\\world
        //   input : hello\"world
        //   output: "hello\\\"world"
        //   input : hello\\"world
        //   output: "hello\\\\\"world"
        //   input : hello world\
        //   output: "hello world\\" - note the comment in libuv actually reads "hello world\"
        //                             but it appears the comment is wrong, it should be "hello world\\"
        let reverse = '"';
        let quoteHit = true;
        for (let i = arg.length; i > 0; i--) {
            // walk the string in reverse
            reverse += arg[i - 1];
            if (quoteHit && arg[i - 1] === '\\') {
                reverse += '\\';
            }
            else if (arg[i - 1] === '"') {
                quoteHit = true;
                reverse += '\\';
            }
            else {
                quoteHit = false;
            }
        }
        reverse += '"';
        return reverse.split('').reverse().join('');
    }
    _cloneExecOptions(options) {
        options = options || {};
        const result = {
            cwd: options.cwd || process.cwd(),
            env: options.env || process.env,
            silent: options.silent || false,
            windowsVerbatimArguments: options.windowsVerbatimArguments || false,
            failOnStdErr: options.failOnStdErr || false,
            ignoreReturnCode: options.ignoreReturnCode || false,
            delay: options.delay || 10000
        };
        result.outStream = options.outStream || process.stdout;
        result.errStream = options.errStream || process.stderr;
        return result;
    }
    _getSpawnOptions(options, toolPath) {
        options = options || {};
        const result = {};
        result.cwd = options.cwd;
        result.env = options.env;
        result['windowsVerbatimArguments'] =
            options.windowsVerbatimArguments || this._isCmdFile();
        if (options.windowsVerbatimArguments) {
            result.argv0 = `"${toolPath}"`;
        }
        return result;
    }
    /**
     * Exec a tool.
     * Output will be streamed to the live console.
     * Returns promise with return code
     *
     * @param     tool     path to tool to exec
     * @param     options  optional exec options.  See ExecOptions
     * @returns   number
     */
    exec() {
        return toolrunner_awaiter(this, void 0, void 0, function* () {
            // root the tool path if it is unrooted and contains relative pathing
            if (!isRooted(this.toolPath) &&
                (this.toolPath.includes('/') ||
                    (toolrunner_IS_WINDOWS && this.toolPath.includes('\\')))) {
                // prefer options.cwd if it is specified, however options.cwd may also need to be rooted
                this.toolPath = external_path_namespaceObject.resolve(process.cwd(), this.options.cwd || process.cwd(), this.toolPath);
            }
            // if the tool is only a file name, then resolve it from the PATH
            // otherwise verify it exists (add extension on Windows if necessary)
            this.toolPath = yield which(this.toolPath, true);
            return new Promise((resolve, reject) => toolrunner_awaiter(this, void 0, void 0, function* () {
                this._debug(`exec tool: ${this.toolPath}`);
                this._debug('arguments:');
                for (const arg of this.args) {
                    this._debug(`   ${arg}`);
                }
                const optionsNonNull = this._cloneExecOptions(this.options);
                if (!optionsNonNull.silent && optionsNonNull.outStream) {
                    optionsNonNull.outStream.write(this._getCommandString(optionsNonNull) + external_os_namespaceObject.EOL);
                }
                const state = new ExecState(optionsNonNull, this.toolPath);
                state.on('debug', (message) => {
                    this._debug(message);
                });
                if (this.options.cwd && !(yield exists(this.options.cwd))) {
                    return reject(new Error(`The cwd: ${this.options.cwd} does not exist!`));
                }
                const fileName = this._getSpawnFileName();
                const cp = external_child_process_namespaceObject.spawn(fileName, this._getSpawnArgs(optionsNonNull), this._getSpawnOptions(this.options, fileName));
                let stdbuffer = '';
                if (cp.stdout) {
                    cp.stdout.on('data', (data) => {
                        if (this.options.listeners && this.options.listeners.stdout) {
                            this.options.listeners.stdout(data);
                        }
                        if (!optionsNonNull.silent && optionsNonNull.outStream) {
                            optionsNonNull.outStream.write(data);
                        }
                        stdbuffer = this._processLineBuffer(data, stdbuffer, (line) => {
                            if (this.options.listeners && this.options.listeners.stdline) {
                                this.options.listeners.stdline(line);
                            }
                        });
                    });
                }
                let errbuffer = '';
                if (cp.stderr) {
                    cp.stderr.on('data', (data) => {
                        state.processStderr = true;
                        if (this.options.listeners && this.options.listeners.stderr) {
                            this.options.listeners.stderr(data);
                        }
                        if (!optionsNonNull.silent &&
                            optionsNonNull.errStream &&
                            optionsNonNull.outStream) {
                            const s = optionsNonNull.failOnStdErr
                                ? optionsNonNull.errStream
                                : optionsNonNull.outStream;
                            s.write(data);
                        }
                        errbuffer = this._processLineBuffer(data, errbuffer, (line) => {
                            if (this.options.listeners && this.options.listeners.errline) {
                                this.options.listeners.errline(line);
                            }
                        });
                    });
                }
                cp.on('error', (err) => {
                    state.processError = err.message;
                    state.processExited = true;
                    state.processClosed = true;
                    state.CheckComplete();
                });
                cp.on('exit', (code) => {
                    state.processExitCode = code;
                    state.processExited = true;
                    this._debug(`Exit code ${code} received from tool '${this.toolPath}'`);
                    state.CheckComplete();
                });
                cp.on('close', (code) => {
                    state.processExitCode = code;
                    state.processExited = true;
                    state.processClosed = true;
                    this._debug(`STDIO streams have closed for tool '${this.toolPath}'`);
                    state.CheckComplete();
                });
                state.on('done', (error, exitCode) => {
                    if (stdbuffer.length > 0) {
                        this.emit('stdline', stdbuffer);
                    }
                    if (errbuffer.length > 0) {
                        this.emit('errline', errbuffer);
                    }
                    cp.removeAllListeners();
                    if (error) {
                        reject(error);
                    }
                    else {
                        resolve(exitCode);
                    }
                });
                if (this.options.input) {
                    if (!cp.stdin) {
                        throw new Error('child process missing stdin');
                    }
                    cp.stdin.end(this.options.input);
                }
            }));
        });
    }
}
/**
 * Convert an arg string to an array of args. Handles escaping
 *
 * @param    argString   string of arguments
 * @returns  string[]    array of arguments
 */
function argStringToArray(argString) {
    const args = [];
    let inQuotes = false;
    let escaped = false;
    let arg = '';
    function append(c) {
        // we only escape double quotes.
        if (escaped && c !== '"') {
            arg += '\\';
        }
        arg += c;
        escaped = false;
    }
    for (let i = 0; i < argString.length; i++) {
        const c = argString.charAt(i);
        if (c === '"') {
            if (!escaped) {
                inQuotes = !inQuotes;
            }
            else {
                append(c);
            }
            continue;
        }
        if (c === '\\' && escaped) {
            append(c);
            continue;
        }
        if (c === '\\' && inQuotes) {
            escaped = true;
            continue;
        }
        if (c === ' ' && !inQuotes) {
            if (arg.length > 0) {
                args.push(arg);
                arg = '';
            }
            continue;
        }
        append(c);
    }
    if (arg.length > 0) {
        args.push(arg.trim());
    }
    return args;
}
class ExecState extends external_events_.EventEmitter {
    constructor(options, toolPath) {
        super();
        this.processClosed = false; // tracks whether the process has exited and stdio is closed
        this.processError = '';
        this.processExitCode = 0;
        this.processExited = false; // tracks whether the process has exited
        this.processStderr = false; // tracks whether stderr was written to
        this.delay = 10000; // 10 seconds
        this.done = false;
        this.timeout = null;
        if (!toolPath) {
            throw new Error('toolPath must not be empty');
        }
        this.options = options;
        this.toolPath = toolPath;
        if (options.delay) {
            this.delay = options.delay;
        }
    }
    CheckComplete() {
        if (this.done) {
            return;
        }
        if (this.processClosed) {
            this._setResult();
        }
        else if (this.processExited) {
            this.timeout = (0,external_timers_namespaceObject.setTimeout)(ExecState.HandleTimeout, this.delay, this);
        }
    }
    _debug(message) {
        this.emit('debug', message);
    }
    _setResult() {
        // determine whether there is an error
        let error;
        if (this.processExited) {
            if (this.processError) {
                error = new Error(`There was an error when attempting to execute the process '${this.toolPath}'. This may indicate the process failed to start. Error: ${this.processError}`);
            }
            else if (this.processExitCode !== 0 && !this.options.ignoreReturnCode) {
                error = new Error(`The process '${this.toolPath}' failed with exit code ${this.processExitCode}`);
            }
            else if (this.processStderr && this.options.failOnStdErr) {
                error = new Error(`The process '${this.toolPath}' failed because one or more lines were written to the STDERR stream`);
            }
        }
        // clear the timeout
        if (this.timeout) {
            clearTimeout(this.timeout);
            this.timeout = null;
        }
        this.done = true;
        this.emit('done', error, this.processExitCode);
    }
    static HandleTimeout(state) {
        if (state.done) {
            return;
        }
        if (!state.processClosed && state.processExited) {
            const message = `The STDIO streams did not close within ${state.delay / 1000} seconds of the exit event from process '${state.toolPath}'. This may indicate a child process inherited the STDIO streams and has not yet exited.`;
            state._debug(message);
        }
        state._setResult();
    }
}
//# sourceMappingURL=toolrunner.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/exec/lib/exec.js
var exec_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


/**
 * Exec a command.
 * Output will be streamed to the live console.
 * Returns promise with return code
 *
 * @param     commandLine        command to execute (can include additional args). Must be correctly escaped.
 * @param     args               optional arguments for tool. Escaping is handled by the lib.
 * @param     options            optional exec options.  See ExecOptions
 * @returns   Promise<number>    exit code
 */
function exec_exec(commandLine, args, options) {
    return exec_awaiter(this, void 0, void 0, function* () {
        const commandArgs = tr.argStringToArray(commandLine);
        if (commandArgs.length === 0) {
            throw new Error(`Parameter 'commandLine' cannot be null or empty.`);
        }
        // Path to tool to execute should be first arg
        const toolPath = commandArgs[0];
        args = commandArgs.slice(1).concat(args || []);
        const runner = new tr.ToolRunner(toolPath, args, options);
        return runner.exec();
    });
}
/**
 * Exec a command and get the output.
 * Output will be streamed to the live console.
 * Returns promise with the exit code and collected stdout and stderr
 *
 * @param     commandLine           command to execute (can include additional args). Must be correctly escaped.
 * @param     args                  optional arguments for tool. Escaping is handled by the lib.
 * @param     options               optional exec options.  See ExecOptions
 * @returns   Promise<ExecOutput>   exit code, stdout, and stderr
 */
function getExecOutput(commandLine, args, options) {
    return exec_awaiter(this, void 0, void 0, function* () {
        var _a, _b;
        let stdout = '';
        let stderr = '';
        //Using string decoder covers the case where a mult-byte character is split
        const stdoutDecoder = new StringDecoder('utf8');
        const stderrDecoder = new StringDecoder('utf8');
        const originalStdoutListener = (_a = options === null || options === void 0 ? void 0 : options.listeners) === null || _a === void 0 ? void 0 : _a.stdout;
        const originalStdErrListener = (_b = options === null || options === void 0 ? void 0 : options.listeners) === null || _b === void 0 ? void 0 : _b.stderr;
        const stdErrListener = (data) => {
            stderr += stderrDecoder.write(data);
            if (originalStdErrListener) {
                originalStdErrListener(data);
            }
        };
        const stdOutListener = (data) => {
            stdout += stdoutDecoder.write(data);
            if (originalStdoutListener) {
                originalStdoutListener(data);
            }
        };
        const listeners = Object.assign(Object.assign({}, options === null || options === void 0 ? void 0 : options.listeners), { stdout: stdOutListener, stderr: stdErrListener });
        const exitCode = yield exec_exec(commandLine, args, Object.assign(Object.assign({}, options), { listeners }));
        //flush any remaining characters
        stdout += stdoutDecoder.end();
        stderr += stderrDecoder.end();
        return {
            exitCode,
            stdout,
            stderr
        };
    });
}
//# sourceMappingURL=exec.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/platform.js
var platform_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


const getWindowsInfo = () => platform_awaiter(void 0, void 0, void 0, function* () {
    const { stdout: version } = yield exec.getExecOutput('powershell -command "(Get-CimInstance -ClassName Win32_OperatingSystem).Version"', undefined, {
        silent: true
    });
    const { stdout: name } = yield exec.getExecOutput('powershell -command "(Get-CimInstance -ClassName Win32_OperatingSystem).Caption"', undefined, {
        silent: true
    });
    return {
        name: name.trim(),
        version: version.trim()
    };
});
const getMacOsInfo = () => platform_awaiter(void 0, void 0, void 0, function* () {
    var _a, _b, _c, _d;
    const { stdout } = yield exec.getExecOutput('sw_vers', undefined, {
        silent: true
    });
    const version = (_b = (_a = stdout.match(/ProductVersion:\s*(.+)/)) === null || _a === void 0 ? void 0 : _a[1]) !== null && _b !== void 0 ? _b : '';
    const name = (_d = (_c = stdout.match(/ProductName:\s*(.+)/)) === null || _c === void 0 ? void 0 : _c[1]) !== null && _d !== void 0 ? _d : '';
    return {
        name,
        version
    };
});
const getLinuxInfo = () => platform_awaiter(void 0, void 0, void 0, function* () {
    const { stdout } = yield exec.getExecOutput('lsb_release', ['-i', '-r', '-s'], {
        silent: true
    });
    const [name, version] = stdout.trim().split('\n');
    return {
        name,
        version
    };
});
const platform = external_os_namespaceObject.platform();
const arch = external_os_namespaceObject.arch();
const isWindows = platform === 'win32';
const isMacOS = platform === 'darwin';
const isLinux = platform === 'linux';
function getDetails() {
    return platform_awaiter(this, void 0, void 0, function* () {
        return Object.assign(Object.assign({}, (yield (isWindows
            ? getWindowsInfo()
            : isMacOS
                ? getMacOsInfo()
                : getLinuxInfo()))), { platform,
            arch,
            isWindows,
            isMacOS,
            isLinux });
    });
}
//# sourceMappingURL=platform.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/core.js
var core_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};






/**
 * The code to exit an action
 */
var ExitCode;
(function (ExitCode) {
    /**
     * A code indicating that the action was successful
     */
    ExitCode[ExitCode["Success"] = 0] = "Success";
    /**
     * A code indicating that the action was a failure
     */
    ExitCode[ExitCode["Failure"] = 1] = "Failure";
})(ExitCode || (ExitCode = {}));
//-----------------------------------------------------------------------
// Variables
//-----------------------------------------------------------------------
/**
 * Sets env variable for this action and future actions in the job
 * @param name the name of the variable to set
 * @param val the value of the variable. Non-string values will be converted to a string via JSON.stringify
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function exportVariable(name, val) {
    const convertedVal = toCommandValue(val);
    process.env[name] = convertedVal;
    const filePath = process.env['GITHUB_ENV'] || '';
    if (filePath) {
        return issueFileCommand('ENV', prepareKeyValueMessage(name, val));
    }
    issueCommand('set-env', { name }, convertedVal);
}
/**
 * Registers a secret which will get masked from logs
 *
 * @param secret - Value of the secret to be masked
 * @remarks
 * This function instructs the Actions runner to mask the specified value in any
 * logs produced during the workflow run. Once registered, the secret value will
 * be replaced with asterisks (***) whenever it appears in console output, logs,
 * or error messages.
 *
 * This is useful for protecting sensitive information such as:
 * - API keys
 * - Access tokens
 * - Authentication credentials
 * - URL parameters containing signatures (SAS tokens)
 *
 * Note that masking only affects future logs; any previous appearances of the
 * secret in logs before calling this function will remain unmasked.
 *
 * @example
 * ```typescript
 * // Register an API token as a secret
 * const apiToken = "abc123xyz456";
 * setSecret(apiToken);
 *
 * // Now any logs containing this value will show *** instead
 * console.log(`Using token: ${apiToken}`); // Outputs: "Using token: ***"
 * ```
 */
function core_setSecret(secret) {
    command_issueCommand('add-mask', {}, secret);
}
/**
 * Prepends inputPath to the PATH (for this action and future actions)
 * @param inputPath
 */
function addPath(inputPath) {
    const filePath = process.env['GITHUB_PATH'] || '';
    if (filePath) {
        issueFileCommand('PATH', inputPath);
    }
    else {
        issueCommand('add-path', {}, inputPath);
    }
    process.env['PATH'] = `${inputPath}${path.delimiter}${process.env['PATH']}`;
}
/**
 * Gets the value of an input.
 * Unless trimWhitespace is set to false in InputOptions, the value is also trimmed.
 * Returns an empty string if the value is not defined.
 *
 * @param     name     name of the input to get
 * @param     options  optional. See InputOptions.
 * @returns   string
 */
function getInput(name, options) {
    const val = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '';
    if (options && options.required && !val) {
        throw new Error(`Input required and not supplied: ${name}`);
    }
    if (options && options.trimWhitespace === false) {
        return val;
    }
    return val.trim();
}
/**
 * Gets the values of an multiline input.  Each value is also trimmed.
 *
 * @param     name     name of the input to get
 * @param     options  optional. See InputOptions.
 * @returns   string[]
 *
 */
function getMultilineInput(name, options) {
    const inputs = getInput(name, options)
        .split('\n')
        .filter(x => x !== '');
    if (options && options.trimWhitespace === false) {
        return inputs;
    }
    return inputs.map(input => input.trim());
}
/**
 * Gets the input value of the boolean type in the YAML 1.2 "core schema" specification.
 * Support boolean input list: `true | True | TRUE | false | False | FALSE` .
 * The return value is also in boolean type.
 * ref: https://yaml.org/spec/1.2/spec.html#id2804923
 *
 * @param     name     name of the input to get
 * @param     options  optional. See InputOptions.
 * @returns   boolean
 */
function getBooleanInput(name, options) {
    const trueValue = ['true', 'True', 'TRUE'];
    const falseValue = ['false', 'False', 'FALSE'];
    const val = getInput(name, options);
    if (trueValue.includes(val))
        return true;
    if (falseValue.includes(val))
        return false;
    throw new TypeError(`Input does not meet YAML 1.2 "Core Schema" specification: ${name}\n` +
        `Support boolean input list: \`true | True | TRUE | false | False | FALSE\``);
}
/**
 * Sets the value of an output.
 *
 * @param     name     name of the output to set
 * @param     value    value to store. Non-string values will be converted to a string via JSON.stringify
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function setOutput(name, value) {
    const filePath = process.env['GITHUB_OUTPUT'] || '';
    if (filePath) {
        return file_command_issueFileCommand('OUTPUT', file_command_prepareKeyValueMessage(name, value));
    }
    process.stdout.write(external_os_namespaceObject.EOL);
    command_issueCommand('set-output', { name }, utils_toCommandValue(value));
}
/**
 * Enables or disables the echoing of commands into stdout for the rest of the step.
 * Echoing is disabled by default if ACTIONS_STEP_DEBUG is not set.
 *
 */
function setCommandEcho(enabled) {
    issue('echo', enabled ? 'on' : 'off');
}
//-----------------------------------------------------------------------
// Results
//-----------------------------------------------------------------------
/**
 * Sets the action status to failed.
 * When the action exits it will be with an exit code of 1
 * @param message add error issue message
 */
function setFailed(message) {
    process.exitCode = ExitCode.Failure;
    error(message);
}
//-----------------------------------------------------------------------
// Logging Commands
//-----------------------------------------------------------------------
/**
 * Gets whether Actions Step Debug is on or not
 */
function isDebug() {
    return process.env['RUNNER_DEBUG'] === '1';
}
/**
 * Writes debug message to user log
 * @param message debug message
 */
function core_debug(message) {
    command_issueCommand('debug', {}, message);
}
/**
 * Adds an error issue
 * @param message error issue message. Errors will be converted to string via toString()
 * @param properties optional properties to add to the annotation.
 */
function error(message, properties = {}) {
    command_issueCommand('error', utils_toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
/**
 * Adds a warning issue
 * @param message warning issue message. Errors will be converted to string via toString()
 * @param properties optional properties to add to the annotation.
 */
function core_warning(message, properties = {}) {
    command_issueCommand('warning', utils_toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
/**
 * Adds a notice issue
 * @param message notice issue message. Errors will be converted to string via toString()
 * @param properties optional properties to add to the annotation.
 */
function notice(message, properties = {}) {
    issueCommand('notice', toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
/**
 * Writes info to log with console.log.
 * @param message info message
 */
function info(message) {
    process.stdout.write(message + external_os_namespaceObject.EOL);
}
/**
 * Begin an output group.
 *
 * Output until the next `groupEnd` will be foldable in this group
 *
 * @param name The name of the output group
 */
function startGroup(name) {
    issue('group', name);
}
/**
 * End an output group.
 */
function endGroup() {
    issue('endgroup');
}
/**
 * Wrap an asynchronous function call in a group.
 *
 * Returns the same type as the function itself.
 *
 * @param name The name of the group
 * @param fn The function to wrap in the group
 */
function group(name, fn) {
    return core_awaiter(this, void 0, void 0, function* () {
        startGroup(name);
        let result;
        try {
            result = yield fn();
        }
        finally {
            endGroup();
        }
        return result;
    });
}
//-----------------------------------------------------------------------
// Wrapper action state
//-----------------------------------------------------------------------
/**
 * Saves state for current action, the state can only be retrieved by this action's post job execution.
 *
 * @param     name     name of the state to store
 * @param     value    value to store. Non-string values will be converted to a string via JSON.stringify
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function saveState(name, value) {
    const filePath = process.env['GITHUB_STATE'] || '';
    if (filePath) {
        return file_command_issueFileCommand('STATE', file_command_prepareKeyValueMessage(name, value));
    }
    command_issueCommand('save-state', { name }, utils_toCommandValue(value));
}
/**
 * Gets the value of an state set by this action's main execution.
 *
 * @param     name     name of the state to get
 * @returns   string
 */
function getState(name) {
    return process.env[`STATE_${name}`] || '';
}
function getIDToken(aud) {
    return core_awaiter(this, void 0, void 0, function* () {
        return yield OidcClient.getIDToken(aud);
    });
}
/**
 * Summary exports
 */

/**
 * @deprecated use core.summary
 */

/**
 * Path exports
 */

/**
 * Platform utilities exports
 */

//# sourceMappingURL=core.js.map
;// CONCATENATED MODULE: external "node:fs/promises"
const promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");
;// CONCATENATED MODULE: ./src/text/redact.ts
/**
 * A secret as given and the forms it may take in a line: trimmed, and each of its lines (the runner
 * masks line by line, so a value with line breaks must be masked a line at a time too).
 */
function secretVariants(raw) {
    return [raw, raw.trim(), ...raw.split(/\r?\n/).map((line) => line.trim())];
}
const HTML_ENTITIES = {
    '&': '&amp;',
    '<': '&lt;',
    '>': '&gt;',
    '"': '&quot;',
    "'": '&#39;',
};
/**
 * The ways a secret may come back inside a server's text: as sent, URL-encoded (a query, a
 * Location, a form echoed back), JSON-escaped (a body that echoes the request; with `\/` too) and
 * HTML-escaped (a page that lists the request).
 */
function encodedForms(secret) {
    const json = JSON.stringify(secret).slice(1, -1);
    const forms = [
        secret,
        json,
        // PHP's json_encode and others escape the slash too.
        json.replace(/\//g, '\\/'),
        // A page that lists the request (a WAF's, a proxy's) writes it as HTML.
        secret.replace(/[&<>"']/g, (char) => HTML_ENTITIES[char] ?? char),
    ];
    try {
        forms.push(encodeURIComponent(secret));
    }
    catch {
        // A lone surrogate cannot be URL-encoded, so no server can echo it that way either.
    }
    return forms;
}
/**
 * Values shorter than this are not replaced here (the runner is still told to mask them): a
 * header value such as "1" would otherwise turn every id, count and sentence into `***` soup.
 * Credentials are far longer.
 */
const MIN_REDACTED_LENGTH = 6;
const REDACTED = '***';
/**
 * Replaces every secret, and its URL-encoded and JSON-escaped forms, in a line with `***`. The
 * runner masks them too, once told with add-mask, but only as given and only whole; this keeps them
 * out even where output is read without a runner (tests, local runs).
 */
function redactor(secrets) {
    let known = [];
    let sorted = [];
    let pieces = new Set();
    const set = (all) => {
        known = [...new Set(all)].filter((s) => s.length >= MIN_REDACTED_LENGTH);
        // Longest first: a secret that contains another is replaced whole, not around the shorter one.
        sorted = [...new Set(known.flatMap(encodedForms))].sort((a, b) => b.length - a.length);
        pieces = piecesOf(sorted.filter((form) => form.length >= MIN_PIECED_LENGTH));
    };
    set(secrets);
    // Whole values first, then any piece of a long one that is left: the runner masks a secret only
    // when it appears whole, and a server may have cut or wrapped what it echoed.
    // includes first: most texts hold no secret, and a split allocates even when it finds none.
    const whole = (text) => sorted.reduce((out, secret) => (out.includes(secret) ? out.split(secret).join(REDACTED) : out), text);
    const redact = (text) => withoutPieces(whole(text), pieces);
    const cutEnd = (text) => {
        const out = whole(text);
        return out.slice(0, out.length - longestOpenStart(out, sorted));
    };
    return Object.assign(redact, {
        add: (secret) => set([...known, secret]),
        cutEnd,
        whole,
    });
}
/** How long a run of a secret's characters is a piece of it that must not be shown. */
const SECRET_PIECE_CHARS = 8;
/**
 * Secrets at least this long are scrubbed piece by piece as well as whole. Credentials are far
 * longer; a short value (a header such as "X-Env: production") would garble ordinary words.
 */
const MIN_PIECED_LENGTH = 16;
/** Every run of SECRET_PIECE_CHARS characters of the given values. */
function piecesOf(values) {
    const pieces = new Set();
    for (const value of values) {
        for (let i = 0; i + SECRET_PIECE_CHARS <= value.length; i += 1) {
            pieces.add(value.slice(i, i + SECRET_PIECE_CHARS));
        }
    }
    return pieces;
}
/** `text` with every run that contains a piece replaced by one `***`. */
function withoutPieces(text, pieces) {
    if (pieces.size === 0 || text.length < SECRET_PIECE_CHARS)
        return text;
    let covered;
    for (let i = 0; i + SECRET_PIECE_CHARS <= text.length; i += 1) {
        if (pieces.has(text.slice(i, i + SECRET_PIECE_CHARS))) {
            covered ??= new Array(text.length).fill(false);
            covered.fill(true, i, i + SECRET_PIECE_CHARS);
        }
    }
    if (!covered)
        return text;
    let out = '';
    for (let i = 0; i < text.length; i += 1) {
        if (!covered[i])
            out += text[i];
        else if (i === 0 || !covered[i - 1])
            out += REDACTED;
    }
    return out;
}
/** How many characters at the end of `text` are the start of one of `secrets` (not the whole). */
function longestOpenStart(text, secrets) {
    let longest = 0;
    for (const secret of secrets) {
        for (let n = Math.min(secret.length - 1, text.length); n > longest; n -= 1) {
            if (text.endsWith(secret.slice(0, n))) {
                longest = n;
                break;
            }
        }
    }
    return longest;
}
/** An answer's body and header values with every known secret replaced (see `Redactor`). */
function redactAnswer(answer, redact) {
    const text = answer.truncated && 'cutEnd' in redact ? redact.cutEnd(answer.body) : redact(answer.body);
    const body = answer.truncated ? text : redactJsonStrings(text, redact);
    const headers = {};
    for (const [name, value] of Object.entries(answer.headers)) {
        headers[name] = Array.isArray(value) ? value.map(redact) : value && redact(value);
    }
    return { ...answer, body, headers };
}
/**
 * JSON may spell a secret with escapes of its own (`\u0073ecret`) that only parsing undoes: the
 * strings as parsed are redacted too, and the body written again only when one of them changed,
 * so that an answer without a secret in it stays byte for byte what the server sent.
 */
function redactJsonStrings(body, redact) {
    // Without a backslash, no string of the JSON is spelled other than as it stands in the text,
    // which is redacted already: nothing for parsing to undo (and no parse on every answer).
    if (!body.includes('\\'))
        return body;
    let json;
    try {
        json = JSON.parse(body);
    }
    catch {
        return body;
    }
    let changed = false;
    const walk = (value) => {
        if (typeof value === 'string') {
            const out = redact(value);
            changed ||= out !== value;
            return out;
        }
        if (Array.isArray(value))
            return value.map(walk);
        if (typeof value === 'object' && value !== null) {
            return Object.fromEntries(Object.entries(value).map(([k, v]) => [walk(k), walk(v)]));
        }
        return value;
    };
    let out;
    try {
        out = walk(json);
    }
    catch {
        // Nested too deep to walk (an answer of 30,000 brackets): its text was redacted already, and
        // a redaction must never end a request.
        return body;
    }
    return changed ? JSON.stringify(out) : body;
}

;// CONCATENATED MODULE: ./src/inputs/error.ts
/** A problem with what the workflow passed in: reported as is, before any request is sent. */
class InputError extends Error {
    name = 'InputError';
}

;// CONCATENATED MODULE: ./src/inputs/access-token.ts
// Reads `access-token`: the credential the action revokes with when it does not log in itself.

/**
 * Why an empty access-token leaves the action without credentials, and where an empty value
 * usually comes from: a secret the run cannot read.
 */
const NO_CREDENTIALS = 'With method empty, access-token is the only credential: pass one, or set method: oidc or ' +
    'universal to log in instead. Secrets (secrets.*) come out empty in runs for pull requests ' +
    'from forks and in runs by Dependabot.';
/**
 * Checks `access-token`. It becomes an HTTP header, so it must be one printable word; the message
 * never repeats the value. `selfOnly`: token-id names only `self`, which needs no permission.
 */
function parseAccessToken(raw, { selfOnly = false } = {}) {
    const token = raw.trim();
    if (token === '') {
        throw new InputError(selfOnly
            ? `Input access-token is required: token-id: self revokes the access token given here (an access token may always revoke itself; no permission is needed). ${NO_CREDENTIALS}`
            : "Input access-token is required: an Infisical access token of an identity allowed to edit the tokens' identities (identity:edit). " +
                NO_CREDENTIALS);
    }
    if (/^bearer\s/i.test(token)) {
        throw new InputError('Input access-token starts with "Bearer ": pass the access token alone, without the "Bearer " ' +
            'prefix (the action adds it). The value is masked and not shown.');
    }
    if (!/^[\x21-\x7e]+$/.test(token)) {
        throw new InputError('Input access-token must be a single token of printable characters, without spaces or line ' +
            'breaks. The value is masked and not shown.');
    }
    return token;
}

;// CONCATENATED MODULE: ./src/text/echo.ts
// How a value that may be a secret is quoted in an error: only a short prefix, with every
// character that is not plain printable ASCII written as an escape, so that an invisible
// character pasted with an id (a zero-width space, say) can be seen and no secret is repeated.
/** The most of a value an error shows. An id is 36 characters: its first 12 are enough to find it. */
const ECHO_CHARS = 12;
/** A short, escaped prefix of `value` in double quotes, with its length when it was cut. */
function echo_quotePrefix(value, max = ECHO_CHARS) {
    const chars = [...value];
    const shown = chars.slice(0, max).map(escapeChar).join('');
    const cut = chars.length > max ? `…" (${chars.length} characters)` : '"';
    const hidden = chars.slice(max).find((c) => escapeChar(c) !== c);
    const invisible = hidden === undefined ? '' : `, containing ${escapeChar(hidden)}`;
    return `"${shown}${cut}${invisible}`;
}
function escapeChar(char) {
    if (/^[\x20-\x7e]$/.test(char))
        return char === '"' || char === '\\' ? `\\${char}` : char;
    const code = char.codePointAt(0);
    return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

;// CONCATENATED MODULE: ./src/ids.ts
// Infisical's ids (tokens, identities) are UUIDs in a Postgres uuid column: case does not matter
// to the server.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The id that error messages show as an example of the form expected. */
const EXAMPLE_ID = '6f1c2a0e-8b7d-4c2e-9f55-0a1b2c3d4e5f';
/** Whether a value has the form of an Infisical id (a token's, an identity's). */
function isUuid(value) {
    return UUID.test(value);
}

;// CONCATENATED MODULE: ./src/inputs/credentials.ts





const METHODS = ['oidc', 'universal', 'aws-iam', 'kubernetes'];
/** The inputs each login method uses; any of them without that method is a mistake. */
const METHOD_INPUTS = {
    oidc: ['identity-id', 'oidc-audience'],
    universal: ['client-id', 'client-secret'],
    'aws-iam': ['identity-id'],
    kubernetes: ['identity-id', 'service-account-token-path'],
};
/** "oidc", "oidc or aws-iam", "oidc, aws-iam or kubernetes". */
function either(names) {
    return names.length < 2
        ? (names[0] ?? '')
        : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;
}
/** The secrets among the credential inputs, raw, to mask before anything is printed. */
function secretsInCredentials(read) {
    return secretVariants(read('client-secret'));
}
function parseCredentials(read, 
/**
 * The main step of revoke-at: job-end: a credential input that is empty now (it may come from a
 * later step) is left empty; the post step reads the inputs again and requires it then.
 */
{ deferEmpty = false, selfOnly = false, } = {}) {
    const text = read('method').trim().toLowerCase();
    if (text !== '' && !METHODS.includes(text)) {
        throw new InputError(`Input method must be empty (use access-token), oidc, universal, aws-iam or kubernetes, got ${echo_quotePrefix(read('method').trim(), 20)}.`);
    }
    const method = text;
    const given = (name) => read(name).trim() !== '';
    // An input of other methods only (identity-id belongs to three): named with every method it is for.
    const own = method === '' ? [] : METHOD_INPUTS[method];
    const strayInputs = [...new Set(Object.values(METHOD_INPUTS).flat())].filter((name) => !own.includes(name) && given(name));
    if (strayInputs.length > 0) {
        const methods = METHODS.filter((m) => METHOD_INPUTS[m].some((n) => strayInputs.includes(n)));
        const stray = strayInputs.join(' and ');
        const forMethods = `method: ${either(methods)}`;
        throw new InputError(`Input ${stray} ${strayInputs.length > 1 ? 'are' : 'is'} for ${forMethods}, but method is ${method || 'empty'}. ` +
            (method === ''
                ? `Set ${forMethods} to log in that way, or remove ${stray}.`
                : `Remove ${stray}.`));
    }
    if (method === '') {
        if (deferEmpty && !given('access-token'))
            return { method: 'access-token', accessToken: '' };
        return {
            method: 'access-token',
            accessToken: parseAccessToken(read('access-token'), { selfOnly }),
        };
    }
    if (given('access-token')) {
        throw new InputError(`Inputs access-token and method: ${method} are two sources of credentials: give one. With method: ${method} the action logs in by itself and revokes its login when the step ends.`);
    }
    if (method === 'oidc' || method === 'aws-iam' || method === 'kubernetes') {
        const identityId = read('identity-id').trim();
        if (identityId === '' && deferEmpty)
            return { method, identityId: '' };
        if (identityId === '') {
            throw new InputError(`Input identity-id is required with method: ${method}: the id of the Infisical machine identity to log in as (a UUID).`);
        }
        if (!isUuid(identityId)) {
            throw new InputError(`Input identity-id: ${echo_quotePrefix(identityId)} is not an identity id. Expected a UUID such as ${EXAMPLE_ID}.`);
        }
        const id = identityId.toLowerCase();
        if (method === 'aws-iam')
            return { method, identityId: id };
        if (method === 'kubernetes')
            return { method, identityId: id, tokenPath: tokenPathOf(read) };
        const audience = read('oidc-audience').trim();
        return { method, identityId: id, audience: audience === '' ? undefined : audience };
    }
    const missing = METHOD_INPUTS.universal.filter((name) => !given(name));
    if (missing.length > 0 && deferEmpty) {
        return {
            method,
            clientId: read('client-id').trim(),
            clientSecret: read('client-secret').trim(),
        };
    }
    if (missing.length > 0) {
        throw new InputError(`Input ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} required with method: universal: the client id and a client secret of the identity's Universal Auth.`);
    }
    // Checked before it is sent: Infisical's client ids are UUIDs, and anything else (a line break,
    // the client secret pasted in the wrong input) would travel in the login request. Not echoed:
    // it may be that secret.
    const clientId = read('client-id').trim();
    if (!isUuid(clientId)) {
        throw new InputError(`Input client-id is not a Universal Auth client id: expected a UUID such as ${EXAMPLE_ID}, on one line. The value is not shown.`);
    }
    const clientSecret = read('client-secret').trim();
    if (!/^[\x21-\x7e]+$/.test(clientSecret)) {
        throw new InputError('Input client-secret must be a single word of printable characters. The value is masked and not shown.');
    }
    return { method, clientId, clientSecret };
}
/**
 * The credential inputs a job-end main step left empty (they may come from later steps): the post
 * step reads them again and requires them then.
 */
function emptyCredentials(credentials) {
    if (credentials.method === 'access-token') {
        return credentials.accessToken === '' ? ['access-token'] : [];
    }
    if (credentials.method !== 'universal') {
        return credentials.identityId === '' ? ['identity-id'] : [];
    }
    return [
        ...(credentials.clientId === '' ? ['client-id'] : []),
        ...(credentials.clientSecret === '' ? ['client-secret'] : []),
    ];
}
/**
 * service-account-token-path: empty is Kubernetes' standard path. A path is one line: a line
 * break here would mean the token itself was pasted (not echoed: it would be a secret).
 */
function tokenPathOf(read) {
    const path = read('service-account-token-path').trim();
    if (path === '')
        return undefined;
    if (/[\r\n\0]/.test(path) || path.length > 4096) {
        throw new InputError('Input service-account-token-path must be the path of the service account token file, on one line (empty: /var/run/secrets/kubernetes.io/serviceaccount/token). The value is not shown.');
    }
    return path;
}

;// CONCATENATED MODULE: ./src/defaults.ts
// Every default and limit of the action, named once. action.yml repeats the input defaults
// for the runner; a unit test keeps the two in step.
const DEFAULT_SERVER_URL = 'https://app.infisical.com';
const DEFAULT_RETRIES = 3;
const MAX_RETRIES = 10;
const DEFAULT_TIMEOUT_SECONDS = 30;
const MAX_TIMEOUT_SECONDS = 600;
const DEFAULT_CONCURRENCY = 4;
const MAX_CONCURRENCY = 32;
/** First retry waits 250–500 ms, then the window doubles (with jitter) up to the cap. */
const BACKOFF_BASE_MS = 500;
const BACKOFF_MAX_MS = 10_000;
/** A server may ask us to wait (Retry-After); we wait at most this long per retry. */
const RETRY_AFTER_MAX_MS = 60_000;
/** How much of an answer we keep: Infisical's JSON is a few hundred bytes; anything this large is a page. */
const MAX_ANSWER_BYTES = 64 * 1024;
/** How much of a non-JSON answer an error message quotes. */
const EXCERPT_CHARS = 200;
/**
 * After a cancel signal, how long requests already in flight may still finish before they are cut
 * off: well inside the 7.5 s before the runner's SIGTERM, leaving time to write the outputs.
 */
const CANCEL_GRACE_MS = 4_000;

;// CONCATENATED MODULE: external "node:async_hooks"
const external_node_async_hooks_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");
;// CONCATENATED MODULE: external "node:http"
const external_node_http_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");
;// CONCATENATED MODULE: ./src/version.ts
// Sent in the User-Agent so that a server's logs name the caller. A unit test keeps it equal to
// package.json's version.
const ACTION_NAME = 'infisical-revoke-token-action';
const ACTION_VERSION = '3.1.0';
const USER_AGENT = `${ACTION_NAME}/${ACTION_VERSION}`;

;// CONCATENATED MODULE: ./src/text/server-text.ts
// What a server sends is data, never commands: the runner reads every line of the log for
// workflow commands (`::add-mask::`, `::stop-commands::`…), so a line break in a server's words
// would let that server (or anything in front of it) write one. Every piece of server text that
// enters a sentence goes through `serverText`: one line, every line break and control character
// written as an escape, and, when it is long, cut where the cut cannot leave part of a `***`.

/** The most of one piece of server text (a page, an error message, a Location) a line shows. */
const SERVER_TEXT_CHARS = 200;
/**
 * `text` on one line: line breaks and control characters (C0, DEL, C1, the Unicode line and
 * paragraph separators, and the bidirectional overrides that reorder what a reader sees) are
 * written as `\n`, `\r`, `\t` or `\uXXXX`. Nothing else changes, so a secret in it stays whole
 * for the redactor and the runner's mask.
 */
function escapeServerText(text) {
    return text.replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, (char) => ESCAPES[char] ?? `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
const ESCAPES = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
/**
 * Server text ready for a sentence: escaped, trimmed, and cut to `max` characters with `…`.
 * Redact before calling this: a cut through a secret leaves a piece the runner no longer masks,
 * while a cut through redacted text can only shorten a `***`, which is avoided too.
 */
function serverText(text, max = SERVER_TEXT_CHARS) {
    const line = escapeServerText(text.trim());
    const chars = [...line];
    if (chars.length <= max)
        return line;
    let end = max;
    // Not through an escape (`\u00` would read as something else) nor through a `***`.
    const head = chars.slice(0, end).join('');
    const escape = /\\(u[0-9a-f]{0,3}|)$/.exec(head);
    if (escape)
        end -= escape[0].length;
    const kept = chars.slice(0, end).join('');
    const stars = /\*+$/.exec(kept);
    const cut = stars && stars[0].length % REDACTED.length !== 0 ? kept.slice(0, stars.index) : kept;
    return `${cut.trimEnd()}…`;
}

;// CONCATENATED MODULE: ./src/text/words.ts
// The small rules of wording that every message of the action follows, in one place so that they
// cannot drift apart: one line, one sentence with its reqId, a count with its noun.
/** Any text as one line: white space, line breaks included, folds to single spaces. */
function oneLine(text) {
    return text.replace(/\s+/g, ' ').trim();
}
/** Ends a server's words as one sentence, with the reqId that support asks for. */
function sentence(text, reqId) {
    const body = text.trim().replace(/[.\s]+$/, '');
    return reqId ? `${body} (reqId: ${reqId}).` : `${body}.`;
}
function capitalise(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
}
/** "1 token", "3 tokens"; `many` for plurals that are not one + s ("identities"). */
function plural(count, one, many = `${one}s`) {
    return `${count} ${count === 1 ? one : many}`;
}
/** A time left, in words a reader takes in at a glance: "45 minutes", "5 hours", "30 days". */
function describeTimeLeft(ms) {
    const minutes = Math.max(1, Math.round(ms / 60_000));
    if (minutes < 120)
        return `${minutes} minutes`;
    const hours = Math.round(minutes / 60);
    return hours < 48 ? `${hours} hours` : `${Math.round(hours / 24)} days`;
}

;// CONCATENATED MODULE: ./src/http/tls-errors.ts
// TLS failures in one plain sentence each. Node hands them over with OpenSSL's own text
// ("write EPROTO 80...:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/
// openssl/...\n"): what a user needs is what is wrong and what to do, never OpenSSL's internals.
// None of them is worth another attempt: the same certificate or port gives the same failure.
/** The runner has no chain of trust up to the server's certificate. */
const UNTRUSTED = new Set([
    'SELF_SIGNED_CERT_IN_CHAIN',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
    'UNABLE_TO_GET_ISSUER_CERT',
    'CERT_UNTRUSTED',
]);
/** Codes of an https client that met something that does not speak TLS. */
const NOT_TLS_CODES = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG']);
const NOT_TLS_TEXT = /wrong version number|packet length too long/i;
/** What is wrong, then (after the code) what to do about it. */
const SENTENCES = {
    CERT_HAS_EXPIRED: ["the server's TLS certificate has expired"],
    CERT_NOT_YET_VALID: [
        "the server's TLS certificate is not valid yet",
        '; check the clocks of the server and the runner',
    ],
    CERT_REVOKED: ["the server's TLS certificate has been revoked"],
    ERR_TLS_CERT_ALTNAME_INVALID: [
        "the server's TLS certificate is not for this host",
        '; server-url must name the host the certificate was made for',
    ],
};
/** Node's certificate check codes (OpenSSL's X509_V_ERR names) that the pattern below misses. */
const VERIFY_CODES = new Set([
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'UNABLE_TO_GET_CRL',
    'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
    'INVALID_CA',
    'PATH_LENGTH_EXCEEDED',
    'INVALID_PURPOSE',
    'HOSTNAME_MISMATCH',
]);
/** Whether an error from a request is a TLS failure (and so `describeTlsError` has a sentence for it). */
function isTlsError(code, message) {
    if (code === 'EPROTO' || NOT_TLS_TEXT.test(message))
        return true;
    return code !== undefined && (VERIFY_CODES.has(code) || /CERT|CRL|SSL|TLS/i.test(code));
}
/**
 * One line for a TLS failure: what went wrong, the code, and the fix when there is one. The
 * error's own text is read only to recognise it, never quoted.
 */
function describeTlsError(code, message) {
    const tag = code ? ` (${code})` : '';
    if ((code && NOT_TLS_CODES.has(code)) || NOT_TLS_TEXT.test(message)) {
        return `the server did not answer in TLS${tag}: it may not speak https on that port; try http:// if it is a local server, or the port that serves https`;
    }
    if (code && UNTRUSTED.has(code)) {
        // Both are read by node as it starts: a step's `with:` comes too late, `env:` does not.
        return `the runner does not trust the server's TLS certificate${tag}; for a server with a certificate from a private CA, give the runner that CA with NODE_EXTRA_CA_CERTS (the path of its PEM file), or have it trust the operating system's certificate store with NODE_USE_SYSTEM_CA=1 (Node 24); either goes in env: of the step or job, not with:`;
    }
    const sentence = code ? SENTENCES[code] : undefined;
    if (sentence)
        return `${sentence[0]}${tag}${sentence[1] ?? ''}`;
    return `the TLS connection to the server failed${tag}`;
}

;// CONCATENATED MODULE: ./src/http/errors.ts



/**
 * A request that got no complete answer. Its message is always one line, with any control character
 * escaped: it may quote what the other end sent (a proxy's status line, a certificate's names).
 */
class NetworkError extends Error {
    maybeDelivered;
    code;
    retryable;
    name = 'NetworkError';
    constructor(message, 
    /** The request may have reached the server (the connection broke after it was sent). */
    maybeDelivered, code, 
    /** Another attempt could go differently (not so for a certificate the runner does not trust). */
    retryable = true) {
        super(escapeServerText(oneLine(message)));
        this.maybeDelivered = maybeDelivered;
        this.code = code;
        this.retryable = retryable;
    }
}
/**
 * Whether a request that got no answer may have reached the server, from what Node knows of it.
 * Not when it was never made or never fully written (a connect that timed out, a socket still
 * connecting), nor when a reused keep-alive socket was reset before any answer: the server had
 * closed it while idle (Node's docs treat those as never delivered, safe to retry). Saying "may
 * have landed" too often is not safe here: a later "not found" would then count as a revoke.
 */
function deliveryOf(error, request) {
    if (!error.maybeDelivered || error.code === 'ECANCELED')
        return error;
    const stale = request?.reusedSocket === true && (error.code === 'ECONNRESET' || error.code === 'EPIPE');
    if (request?.writableFinished === true && !stale)
        return error;
    return new NetworkError(error.message, false, error.code, error.retryable);
}
function cutOff() {
    return new NetworkError('the connection closed before the whole answer arrived', true, 'ECONNRESET');
}
function timedOut(timeoutMs) {
    return new NetworkError(`no complete answer within ${timeoutMs / 1000} s (timed out)`, true, 'ETIMEDOUT');
}
/** The proxy took the connection and did not answer its CONNECT in time: nothing reached the server. */
function proxyTimedOut(timeoutMs, proxy) {
    return new NetworkError(`the proxy ${proxy} did not open a tunnel to the server within ${timeoutMs / 1000} s (timed out)`, false, 'ETIMEDOUT');
}
/**
 * The proxy wants credentials, or refused the ones in its URL. Named by host:port only: its URL
 * holds them. Not retryable: the same credentials get the same answer.
 */
function proxyAuthRequired(proxy) {
    return new NetworkError(`the proxy${proxy ? ` ${proxy}` : ''} refused the tunnel with 407 Proxy Authentication Required: check the proxy's credentials (the user and password in the proxy URL of https_proxy or http_proxy)`, false, 'EPROXYAUTH', false);
}
function cancelled() {
    return new NetworkError('the request was cancelled (ECANCELED)', true, 'ECANCELED', false);
}
const NOT_SENT = {
    ECONNREFUSED: 'connection refused',
    ENOTFOUND: 'the host name could not be resolved',
    EAI_AGAIN: 'the host name could not be resolved (temporary DNS failure)',
    EHOSTUNREACH: 'the host is unreachable',
    ENETUNREACH: 'the network is unreachable',
};
/**
 * One plain sentence for what went wrong on the wire, and whether the request may have landed.
 * `proxy`: the proxy's host:port, when the request went through one.
 */
function toNetworkError(error, timeoutMs, proxy) {
    if (error instanceof NetworkError)
        return error;
    const err = (error ?? {});
    const code = typeof err.code === 'string' ? err.code : undefined;
    const message = typeof err.message === 'string' ? err.message : '';
    // The proxy tunnel reports its own failures as ECONNRESET with the real cause in the text.
    const tunnel = /tunneling socket could not be established, (cause|statusCode)=(.*)/.exec(message);
    if (tunnel) {
        const [, kind, cause = ''] = tunnel;
        if (kind === 'statusCode' && cause.trim() === '407')
            return proxyAuthRequired(proxy);
        // A cause names the address itself (connect ECONNREFUSED host:port); a status does not.
        const via = kind === 'statusCode' && proxy ? ` ${proxy}` : '';
        return new NetworkError(`could not connect through the proxy${via}: ${cause}`, false, code);
    }
    if (code && code in NOT_SENT)
        return new NetworkError(`${NOT_SENT[code]} (${code})`, false, code);
    if (isTlsError(code, message)) {
        return new NetworkError(describeTlsError(code, message), false, code, false);
    }
    if (code === 'ECONNRESET' || code === 'EPIPE') {
        return new NetworkError(`the connection was reset before an answer arrived (${code})`, true, code);
    }
    if (/^Request timeout/.test(message))
        return timedOut(timeoutMs);
    return new NetworkError(message || String(error), true, code);
}

;// CONCATENATED MODULE: external "node:https"
const external_node_https_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");
;// CONCATENATED MODULE: ./src/http/tunnel.ts

function isTunnelingAgent(agent) {
    const a = agent;
    return (typeof a === 'object' &&
        a !== null &&
        typeof a.proxyOptions === 'object' &&
        typeof a.request === 'function' &&
        typeof a.createSocket === 'function' &&
        Array.isArray(a.sockets) &&
        Array.isArray(a.requests));
}
/** The proxy as host:port, from the agent's options (the credentials there are left alone). */
function proxyOf(agent) {
    const { host = '', port } = agent.proxyOptions;
    // An empty port is the scheme's default; a proxy reached over TLS uses https.request.
    const shown = port === undefined || port === '' ? (agent.request === external_node_https_namespaceObject.request ? 443 : 80) : port;
    return `${host}:${shown}`;
}
class Tunnels {
    ownerOf;
    agents = new Set();
    connects = new Set();
    closed = false;
    /** `ownerOf(request)`: what to tell of the CONNECT made for this request, if anything. */
    constructor(ownerOf) {
        this.ownerOf = ownerOf;
    }
    /** Hooks an agent's CONNECT requests, once per agent (http-client keeps one for a client). */
    watch(agent) {
        if (this.agents.has(agent))
            return;
        this.agents.add(agent);
        const proxy = proxyOf(agent);
        const connect = agent.request;
        const createSocket = agent.createSocket;
        // The request a tunnel is being opened for: createSocket makes its CONNECT synchronously.
        let opening;
        agent.request = (options) => {
            const made = connect(options);
            this.connects.add(made);
            made.once('close', () => this.connects.delete(made));
            const owner = opening ? this.ownerOf(opening) : undefined;
            if (this.closed)
                made.destroy();
            else
                owner?.(made, proxy);
            return made;
        };
        agent.createSocket = function (options, done) {
            const outer = opening;
            opening = options.request;
            try {
                createSocket.call(this, options, done);
            }
            finally {
                opening = outer;
            }
        };
    }
    /** Destroys every CONNECT still open and every tunnel, and drops the queued requests. */
    destroyAll() {
        this.closed = true;
        for (const connect of [...this.connects])
            connect.destroy();
        for (const agent of this.agents) {
            agent.requests.length = 0;
            for (const socket of [...agent.sockets]) {
                const s = socket;
                if (typeof s.destroy === 'function')
                    s.destroy.call(socket);
            }
        }
    }
}

;// CONCATENATED MODULE: ./src/http/wire.ts
// What goes over the wire, whatever the route: the request the action sends, the answer as read
// off the socket, the headers it owns, and what a status or a header says about trying again.
// Nothing here knows Infisical: the API layer (src/infisical/) gives answers their meaning.
/** Statuses worth another attempt: rate limits and server or gateway trouble. */
const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504]);
/**
 * Headers an extra header may never set: the ones the client owns (what is sent, to whom, as
 * whom) and the ones that frame the exchange on the wire.
 */
const OWN_HEADERS = new Set([
    'accept',
    'authorization',
    'connection',
    'content-length',
    'content-type',
    'expect',
    'host',
    'keep-alive',
    'proxy-authorization',
    'te',
    'trailer',
    'transfer-encoding',
    'upgrade',
    'user-agent',
]);
function headerValue(headers, name) {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
}
/** Seconds or an HTTP date, as Retry-After allows; undefined when absent or unreadable. */
function retryAfterMs(answer, now = Date.now()) {
    const value = headerValue(answer.headers, 'retry-after')?.trim();
    if (!value)
        return undefined;
    if (/^\d+(\.\d+)?$/.test(value))
        return Math.round(Number(value) * 1000);
    const date = Date.parse(value);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

;// CONCATENATED MODULE: ./src/http/client.ts
// Sends requests and reads their answers, with the guarantees a credential-carrying call needs:
// no redirects followed, no retries of its own, a deadline on the whole exchange, a cap on what is
// kept of the body, and a way to cut every exchange at once when the run is cancelled.








/** Which exchange a request http-client is making belongs to (sends of a batch run concurrently). */
const current = new external_node_async_hooks_namespaceObject.AsyncLocalStorage();
/**
 * The exchange of each request made, for a tunnel opened later than the request (one queued for a
 * free tunnel); a tunnel opened at once runs inside the request's own call, in `current`.
 */
const owners = new WeakMap();
const ownerOf = (request) => (owners.get(request) ?? current.getStore())?.tunnel;
/**
 * http-client, with one hook on the request it is about to make:
 * - An IPv6 literal's host reaches Node as `[::1]`, which Node takes for a name to resolve
 *   (ENOTFOUND): for a direct connection the brackets go. Through a proxy they stay, since the
 *   tunnel writes `CONNECT host:port` and that needs them.
 * - The request made is handed to its exchange, so that a deadline or a cancellation destroys it
 *   (and its socket) even before any answer has come. Through a proxy, the tunnel's own CONNECT
 *   request is not made here: tunnel.ts hands that one over.
 */
// http and https, each wrapped once: the request made is handed to the exchange it belongs to.
const wrapped = new Map();
function attaching(module) {
    let wrapper = wrapped.get(module);
    if (wrapper === undefined) {
        const request = (opts, callback) => {
            const made = module.request(opts, callback);
            const exchange = current.getStore();
            if (exchange) {
                owners.set(made, exchange);
                exchange.attach(made);
            }
            return made;
        };
        wrapper = { ...module, request };
        wrapped.set(module, wrapper);
    }
    return wrapper;
}
class RunClient extends lib_HttpClient {
    /** The proxy's CONNECT requests and tunnels, which http-client's dispose() leaves open. */
    tunnels = new Tunnels(ownerOf);
    requestRawWithCallback(info, data, onResult) {
        const { options } = info;
        // http.Agent and https.Agent are direct connections; a proxy's tunnel is neither.
        if (options.agent instanceof external_node_http_namespaceObject.Agent && options.host?.startsWith('[')) {
            options.host = options.host.slice(1, -1);
        }
        if (current.getStore())
            info.httpModule = attaching(info.httpModule);
        if (isTunnelingAgent(options.agent))
            this.tunnels.watch(options.agent);
        super.requestRawWithCallback(info, data, onResult);
    }
}
/**
 * One client for a whole run: its keep-alive connections are reused by the requests of a batch
 * (a third of the cost of each revoke is a new connection). Every exchange has a deadline of
 * `timeoutMs` for its headers and body together; a body that runs past it, or past the cap, has
 * its connection destroyed.
 */
function createHttp(options) {
    const { timeoutMs } = options;
    const extraHeaders = extraHeadersOf(options.extraHeaders);
    const client = new RunClient(USER_AGENT, [], {
        allowRedirects: false,
        allowRetries: false,
        keepAlive: true,
        socketTimeout: timeoutMs,
    });
    const inFlight = new Set();
    let ended = false;
    const send = (request) => new Promise((resolve, reject) => {
        if (ended) {
            reject(cancelled());
            return;
        }
        let made;
        // The proxy's CONNECT until it is answered, and the proxy (host:port) once one is in the path.
        let connecting;
        let proxy;
        let settled = false;
        const settle = () => {
            if (settled)
                return false;
            settled = true;
            clearTimeout(timer);
            inFlight.delete(exchange);
            // Let go of the request at once: a ClientRequest holds its socket and parser, and a
            // batch of thousands kept ~20 MiB more at its peak while settled exchanges held theirs.
            made = undefined;
            connecting = undefined;
            return true;
        };
        const exchange = {
            attach: (req) => {
                made = req;
            },
            tunnel: (connect, via) => {
                proxy = via;
                if (settled) {
                    connect.destroy();
                    return;
                }
                connecting = connect;
                // Answered (200 or not): from here the tunnel is the request's own socket, or gone.
                connect.once('connect', () => {
                    if (connecting === connect)
                        connecting = undefined;
                });
            },
            fail: (error) => {
                const request = made;
                const connect = connecting;
                if (!settle())
                    return;
                // Still waiting for the proxy: the request never left for the server.
                const failure = connect && proxy !== undefined && error.code === 'ETIMEDOUT'
                    ? proxyTimedOut(timeoutMs, proxy)
                    : deliveryOf(error, request);
                reject(failure);
                request?.destroy();
                connect?.destroy();
            },
        };
        const timer = setTimeout(() => exchange.fail(timedOut(timeoutMs)), timeoutMs);
        inFlight.add(exchange);
        current
            .run(exchange, () => exchangeOnce(client, request, extraHeaders, () => settled))
            .then((answer) => {
            if (settle())
                resolve(answer);
        }, (error) => exchange.fail(toNetworkError(error, timeoutMs, proxy)));
    });
    const close = () => {
        ended = true;
        for (const exchange of [...inFlight])
            exchange.fail(cancelled());
        // Idle keep-alive sockets; dispose() leaves the proxy's tunnels and CONNECTs alone.
        client.dispose();
        client.tunnels.destroyAll();
    };
    return { send, close };
}
/** One request and its capped answer. `over` says the exchange already ended (deadline, abort). */
async function exchangeOnce(client, { method, url, bearerToken, json, headers: own = {}, maxBytes = MAX_ANSWER_BYTES }, extraHeaders, over) {
    const headers = { ...extraHeaders, accept: 'application/json', ...own };
    if (bearerToken !== undefined)
        headers.authorization = `Bearer ${bearerToken}`;
    let body = method === 'GET' ? null : '';
    if (json !== undefined) {
        body = JSON.stringify(json) ?? '';
        headers['content-type'] = 'application/json';
    }
    // A string body gets its content-length from http-client (0 for an empty POST).
    const response = await client.request(method, url, body, headers);
    const { message } = response;
    // An answer to an exchange that already ended: nobody reads this body.
    if (over())
        message.destroy();
    const read = await readCapped(message, maxBytes);
    return { status: message.statusCode ?? 0, headers: message.headers, ...read };
}
/** The extra headers, lower-cased, without any this module owns (the caller refuses those too). */
function extraHeadersOf(extra = {}) {
    const headers = {};
    for (const [name, value] of Object.entries(extra)) {
        const key = name.toLowerCase();
        if (OWN_HEADERS.has(key))
            continue;
        // A name or value Node would refuse fails here, once, rather than on every request.
        external_node_http_namespaceObject.validateHeaderName(key);
        external_node_http_namespaceObject.validateHeaderValue(key, value);
        headers[key] = value;
    }
    return headers;
}
/** Keeps the first `maxBytes` of a body; past that, stops reading and drops the connection. */
function readCapped(message, maxBytes) {
    return new Promise((resolve, reject) => {
        const chunks = [];
        let size = 0;
        message.on('data', (chunk) => {
            const room = maxBytes - size;
            chunks.push(chunk.subarray(0, Math.max(0, room)));
            size += chunk.length;
            if (size > maxBytes) {
                message.destroy();
                resolve({ body: Buffer.concat(chunks).toString('utf8'), truncated: true });
            }
        });
        message.on('end', () => resolve({ body: Buffer.concat(chunks).toString('utf8'), truncated: false }));
        message.on('error', () => reject(cutOff()));
        message.on('close', () => {
            if (!message.complete)
                reject(cutOff());
        });
    });
}

;// CONCATENATED MODULE: ./src/http/proxy-env.ts
// The proxy's password, from the variables @actions/http-client reads its proxy from: it sits in the
// environment as part of a URL (http://user:password@proxy:3128), and goes to the proxy as
// Proxy-Authorization. Masked from the start, in every form it may be printed in.
/** The variables http-client takes its proxy from (https_proxy first for https, http_proxy for http). */
const PROXY_VARIABLES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'];
/**
 * Every form of every proxy password in `env`: as written in the variable, as a URL keeps it
 * (percent-encoded), URL-decoded (what is sent), and the Basic credential sent to the proxy. Pure:
 * main.ts hands in process.env.
 */
function secretsInProxyEnv(env) {
    const secrets = PROXY_VARIABLES.flatMap((name) => passwordForms(env[name] ?? ''));
    return [...new Set(secrets)].filter((secret) => secret.trim() !== '');
}
function passwordForms(value) {
    const text = value.trim();
    if (text === '')
        return [];
    const forms = [];
    // As written: between the first ':' of the user info and its last '@' (a password may hold '@').
    const rest = text.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
    const at = rest.lastIndexOf('@');
    const colon = rest.indexOf(':');
    if (at > 0 && colon >= 0 && colon < at)
        forms.push(rest.slice(colon + 1, at));
    // As http-client reads it: a URL, or with http:// before it when it has no scheme.
    const url = parsed(text) ?? parsed(`http://${text}`);
    if (url && url.password !== '') {
        forms.push(url.password);
        const user = decoded(url.username);
        const password = decoded(url.password);
        if (password !== undefined) {
            forms.push(password);
            forms.push(Buffer.from(`${user ?? url.username}:${password}`).toString('base64'));
        }
    }
    return forms;
}
function parsed(text) {
    try {
        const url = new URL(text);
        // "user:pass@proxy:3128" without a scheme parses as scheme "user:", with no host.
        return url.hostname === '' ? undefined : url;
    }
    catch {
        return undefined;
    }
}
function decoded(text) {
    try {
        return decodeURIComponent(text);
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/http/index.ts
// The transport: one client a run (client.ts), why a request got no answer (errors.ts), what
// goes over the wire (wire.ts), a proxy's tunnel (tunnel.ts) and its password (proxy-env.ts). It knows HTTP, not Infisical.





;// CONCATENATED MODULE: ./src/inputs/extra-headers.ts
// Reads `extra-headers`: request headers sent with every call to Infisical, for servers behind
// Cloudflare Access or a WAF (CF-Access-Client-Id / CF-Access-Client-Secret). One `Name: value` a
// line. Every value is a secret to the runner; the headers the action sets itself are refused.



const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** The values of `extra-headers`, to mask before anything is printed. */
function secretsInExtraHeaders(raw) {
    return lines(raw).flatMap((line) => {
        const colon = line.indexOf(':');
        return colon < 0 ? [line] : [line.slice(colon + 1).trim()];
    });
}
function parseExtraHeaders(raw) {
    const headers = {};
    for (const [index, line] of lines(raw).entries()) {
        const colon = line.indexOf(':');
        const name = colon < 0 ? '' : line.slice(0, colon).trim();
        const value = colon < 0 ? '' : line.slice(colon + 1).trim();
        const where = `Input extra-headers, line ${index + 1}`;
        if (!TOKEN.test(name)) {
            throw new InputError(`${where}: expected "Name: value" (such as CF-Access-Client-Id: <id>), got a line without a valid header name. The line is masked and not shown.`);
        }
        if (OWN_HEADERS.has(name.toLowerCase())) {
            throw new InputError(`${where}: ${echo_quotePrefix(name, 40)} is a header the action sets itself, and cannot be replaced.`);
        }
        if (value === '') {
            throw new InputError(`${where}: header ${name} needs a value on the same line.`);
        }
        // HTTP header values are Latin-1 text without control characters (what Node sends).
        if (!/^[\t\x20-\x7e\x80-\xff]*$/.test(value)) {
            throw new InputError(`${where}: the value of header ${name} has a character a header cannot carry (only Latin-1 text, no control characters). The value is masked and not shown.`);
        }
        // A name given twice is one header with both values, as HTTP (and Infisical's own actions) join them.
        const key = name.toLowerCase();
        headers[key] = headers[key] === undefined ? value : `${headers[key]}, ${value}`;
    }
    return headers;
}
function lines(raw) {
    return raw
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line !== '');
}

;// CONCATENATED MODULE: ./src/inputs/readers.ts
// Reads the plain kinds of input (a whole number in a range, a boolean, one of a few words), with
// errors that name the input and echo only a short, escaped prefix of what was given.
// The runner gives every input its action.yml default when the step leaves it out, so an input
// with a default that reads empty was given empty: an expression that came out empty (an undefined
// variable, a typo), never a request for the default. Those inputs are refused when empty.


/**
 * The error for an input with a default that was given empty: it names the input, what it expects,
 * and what leaving it out gives.
 */
function givenEmptyError(name, expected, leftOut) {
    return new InputError(`Input ${name} was given empty (an expression that came out empty?): expected ${expected}. Left out, it is ${leftOut}.`);
}
/** An input that has a default: its trimmed text, refused when it was given empty. */
function given(read, name, expected, leftOut) {
    const text = read(name).trim();
    if (text === '')
        throw givenEmptyError(name, expected, leftOut);
    return text;
}
/** A whole number from min to max, for an input with a default (`leftOut`): never empty. */
function wholeNumberGiven(read, name, leftOut, min, max) {
    given(read, name, `a whole number from ${min} to ${max}`, String(leftOut));
    return wholeNumber(read, name, leftOut, min, max);
}
/** A whole number from min to max; `fallback` (undefined for no value) when the input is empty. */
function wholeNumber(read, name, fallback, min, max) {
    const text = read(name).trim();
    if (text === '')
        return fallback;
    const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
    if (!(value >= min && value <= max)) {
        throw new InputError(`Input ${name} must be a whole number from ${min} to ${max}, got ${echo_quotePrefix(text, 20)}.`);
    }
    return value;
}
// The YAML 1.2 core schema's spellings, as @actions/core's getBooleanInput accepts them.
/** true or false, for an input with a default (`leftOut`): never empty. */
function readers_boolean(read, name, leftOut) {
    const text = given(read, name, 'true or false', String(leftOut));
    if (['true', 'True', 'TRUE'].includes(text))
        return true;
    if (['false', 'False', 'FALSE'].includes(text))
        return false;
    throw new InputError(`Input ${name} must be true or false, got ${echo_quotePrefix(text, 20)}.`);
}
/** One of a few words, for an input with a default (`leftOut`): never empty. */
function oneOf(read, name, allowed, leftOut) {
    const text = given(read, name, `one of ${allowed.join(', ')}`, leftOut);
    const match = allowed.find((value) => value === text.toLowerCase());
    if (match === undefined) {
        throw new InputError(`Input ${name} must be one of ${allowed.join(', ')}, got ${echo_quotePrefix(text, 20)}.`);
    }
    return match;
}

;// CONCATENATED MODULE: ./src/jwt.ts
// Reading a JWT's claims, without checking its signature: the action reads only its own
// credentials (the access token it holds, the GitHub ID token it asked for), and the server checks
// them when they are used.

const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
function looksLikeJwt(value) {
    return value.startsWith('eyJ') && JWT.test(value);
}
/** The payload's claims; empty when the value is not a JWT or its payload is not a JSON object. */
function claimsOf(jwt) {
    if (!looksLikeJwt(jwt))
        return {};
    try {
        const payload = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'));
        return typeof payload === 'object' && payload !== null && !Array.isArray(payload)
            ? payload
            : {};
    }
    catch {
        return {};
    }
}
/**
 * The id of the token that an Infisical access token was issued as (`identityAccessTokenId`, or
 * `jti` on newer tokens), lower case; undefined when it names none.
 */
function tokenIdOfAccessToken(accessToken) {
    const claims = claimsOf(accessToken);
    if (claims.authTokenType !== undefined && claims.authTokenType !== 'identityAccessToken') {
        return undefined;
    }
    const id = claims.identityAccessTokenId ?? claims.jti;
    // Only an id of Infisical's form: a claim is text a server wrote, and it ends up in log lines.
    return typeof id === 'string' && isUuid(id) ? id.toLowerCase() : undefined;
}
/** A claim that is an Infisical id (a UUID), lower case; undefined otherwise. */
function idClaim(accessToken, name) {
    const value = claimsOf(accessToken)[name];
    return typeof value === 'string' && isUuid(value) ? value.toLowerCase() : undefined;
}
/** The organization a current access token acts in (its `orgId` claim), lower case. */
function orgIdOfAccessToken(accessToken) {
    return idClaim(accessToken, 'orgId');
}
/**
 * The Universal Auth client secret an access token was issued from (its `clientSecretId` claim),
 * lower case: revoking that secret would end the access token too, on current servers.
 */
function clientSecretIdOfAccessToken(accessToken) {
    return idClaim(accessToken, 'clientSecretId');
}

;// CONCATENATED MODULE: ./src/inputs/token-ids.ts
// Reads `token-id`: which tokens the workflow named. Nothing here guesses: an empty value names no
// token (it never means "the access token itself"); `self` does, explicitly.




/** The word that names the access token itself. */
const SELF = 'self';
/**
 * The values of `token-id` that must be masked before anything is printed: anything shaped like an
 * access token, which users paste here by mistake.
 */
function secretsInTokenIds(raw) {
    let values;
    try {
        values = splitValues(raw);
    }
    catch {
        // Not readable as given (broken JSON): mask every word that looks like a token anyway.
        values = raw.split(/[\s,[\]"{}:]+/);
    }
    return values.filter(looksLikeJwt);
}
/**
 * Reads `token-id`: ids separated by new lines, commas or spaces, or a JSON array of them (the
 * `revoked` output of another run, `toJSON(...)`); `self` (any case) for the access token itself.
 * Ids are compared without case and kept in lower case; duplicates are revoked once.
 */
function parseTokenIds(raw) {
    const ids = new Set();
    let self = false;
    for (const value of splitValues(raw)) {
        if (value.toLowerCase() === SELF) {
            self = true;
            continue;
        }
        if (looksLikeJwt(value)) {
            throw new InputError('Input token-id holds an access token (a JWT), not a token id. Pass the id of the Token Auth ' +
                `token to revoke (a UUID such as ${EXAMPLE_ID}), or self to revoke the access token ` +
                'itself. The value is masked and not shown.');
        }
        if (!isUuid(value)) {
            throw new InputError(`Input token-id: ${echo_quotePrefix(value)} is not a token id. Expected the UUID of a Token ` +
                `Auth token, such as ${EXAMPLE_ID}, or self.`);
        }
        ids.add(value.toLowerCase());
    }
    return { tokenIds: [...ids], self };
}
/** The values named, from a JSON array or a separated list. */
function splitValues(raw) {
    const text = raw.trim();
    if (text.startsWith('['))
        return jsonValues(text);
    // toJSON() of an output: `""` or `null` when the upstream job made none, `"<id>"` when it did.
    // Single quotes, as YAML and shells quote, read the same.
    if (text === 'null')
        return [];
    if (/^"[^"]*"$/.test(text) || /^'[^']*'$/.test(text))
        return splitValues(text.slice(1, -1));
    return text.split(/[\s,]+/).filter((part) => part !== '');
}
// A JSON array of ids, or of objects with an `id` (the not-found and failed outputs of a run).
function jsonValues(text) {
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch {
        throw new InputError('Input token-id starts with [ but is not a JSON array. Expected a JSON array of token ids ' +
            `(["${EXAMPLE_ID}"]) or ids separated by new lines, commas or spaces.`);
    }
    if (!Array.isArray(parsed))
        throw new InputError('Input token-id must be a JSON array.');
    return parsed
        .map((item, index) => {
        const value = typeof item === 'object' && item !== null && 'id' in item
            ? item.id
            : item;
        if (typeof value !== 'string') {
            throw new InputError(`Input token-id: item ${index} of the JSON array is not a string. Expected token ids, ` +
                'or objects with an "id" (as the not-found and failed outputs give).');
        }
        return value.trim();
    })
        .filter((value) => value !== '');
}

;// CONCATENATED MODULE: ./src/inputs/duration.ts
// Durations as `older-than` takes them: a whole number and one unit, `30s`, `90m`, `12h`, `7d`,
// `2w`. One unit only, lower case, so that a value means one thing at a glance (`1M` is not a
// month here, and `1h30m` is written `90m`).
const UNIT_MS = {
    w: 7 * 24 * 60 * 60 * 1000,
    d: 24 * 60 * 60 * 1000,
    h: 60 * 60 * 1000,
    m: 60 * 1000,
    s: 1000,
};
// At most 6 digits: 999999w is some 19,000 years, far past any token, and still a valid date
// when subtracted from now (a longer number would give an Invalid Date cutoff).
const DURATION = /^(\d{1,6})([smhdw])$/;
const DURATION_FORM = 'a whole number and one unit: s (seconds), m (minutes), h (hours), d (days) or w (weeks), such as 90m, 12h, 7d or 2w; 0s for every token';
/** Milliseconds, or undefined when the text is not a duration of this form. */
function parseDuration(text) {
    const match = DURATION.exec(text);
    if (!match)
        return undefined;
    return Number(match[1]) * UNIT_MS[match[2]];
}
/** A duration in the largest unit that divides it: 604800000 → "1w", 5400000 → "90m". */
function describeDuration(ms) {
    if (ms === 0)
        return '0s';
    for (const unit of Object.keys(UNIT_MS)) {
        if (ms % UNIT_MS[unit] === 0)
            return `${ms / UNIT_MS[unit]}${unit}`;
    }
    return `${ms / 1000}s`;
}

;// CONCATENATED MODULE: ./src/inputs/selection.ts
// Reads the inputs that choose credentials from Infisical's lists: `tokens-of-identity` (whose
// Token Auth tokens), `client-secrets-of-identity` (whose Universal Auth client secrets), either
// holding `all` for every identity of the organization, narrowed by `identity-name`; the filters
// `older-than`, `token-name` (a client secret's description) and `keep-newest` (which of them). Revoking
// every token of an identity is never the result of a forgotten filter: it must be asked for with
// `older-than: 0s`.






/** The word that stands for every identity of the organization, in tokens-of-identity and client-secrets-of-identity. */
const ALL_IDENTITIES = 'all';
/** keep-newest above this is a typo: no list holds more than 200 rows per identity. */
const MAX_KEEP_NEWEST = 1000;
const INPUT = 'tokens-of-identity';
const SECRETS_INPUT = 'client-secrets-of-identity';
const IDENTITY_NAME = 'identity-name';
const FILTERS = ['older-than', 'token-name', 'keep-newest'];
/**
 * The defaults of older-than and keep-newest in action.yml: words, not '', so that a filter given
 * empty (an expression that came out empty) is told apart from one left out. Read as empty, such a
 * filter would silently widen what a rotation revokes.
 */
const ANY_AGE = 'any';
const KEEP_NONE = 'none';
const LEFT_OUT = {
    'older-than': ANY_AGE,
    'token-name': '',
    'keep-newest': KEEP_NONE,
};
/**
 * The values among these inputs to mask before anything is printed: an access token pasted into
 * tokens-of-identity by mistake (identity ids themselves are not secret).
 */
function secretsInSelection(read) {
    return [...secretsInTokenIds(read(INPUT)), ...secretsInTokenIds(read(SECRETS_INPUT))];
}
/** The selection the inputs ask for, or undefined when they ask for none (no tokens-of-identity, no filter). */
function parseSelection(read) {
    const tokens = whoseOf(read, INPUT);
    const clientSecrets = whoseOf(read, SECRETS_INPUT);
    const olderThanMs = olderThan(read);
    const tokenName = nameOf(read, 'token-name', 'token name');
    const keepNewest = keepNewestOf(read);
    const identityName = nameOf(read, IDENTITY_NAME, 'identity name');
    const filters = FILTERS.filter((name) => {
        const text = read(name).trim().toLowerCase();
        return text !== '' && text !== LEFT_OUT[name];
    });
    if (!tokens && !clientSecrets) {
        const narrowing = identityName === undefined ? filters : [...filters, IDENTITY_NAME];
        if (narrowing.length > 0) {
            const list = narrowing.join(', ');
            throw new InputError(`Input ${list} ${narrowing.length > 1 ? 'choose' : 'chooses'} among the tokens of the identities in ${INPUT} (or the client secrets of those in ${SECRETS_INPUT}), which ${narrowing.length > 1 ? 'are' : 'is'} empty. Name the identity ids (or ${ALL_IDENTITIES}) there, or remove ${list}.`);
        }
        return undefined;
    }
    if (identityName !== undefined && !tokens?.all && !clientSecrets?.all) {
        throw new InputError(`Input ${IDENTITY_NAME} narrows a sweep of every identity: it needs ${ALL_IDENTITIES} in ${INPUT} or ${SECRETS_INPUT}. Identities named by id are taken as named; remove ${IDENTITY_NAME}, or use ${ALL_IDENTITIES}.`);
    }
    // keep-newest: 0 keeps nothing, so alone it would revoke every token, as no filter would.
    const chooses = olderThanMs !== undefined || tokenName !== undefined || (keepNewest ?? 0) > 0;
    if (!chooses) {
        const inputs = [tokens && INPUT, clientSecrets && SECRETS_INPUT].filter(Boolean).join(' and ');
        const what = tokens
            ? clientSecrets
                ? 'tokens and client secrets'
                : 'tokens'
            : 'client secrets';
        throw new InputError(`Input ${inputs} ${tokens && clientSecrets ? 'need' : 'needs'} a filter: older-than, token-name or keep-newest (above 0) choose which of the identities' ${what} are revoked. To revoke every one of them, ask for it with older-than: 0s.`);
    }
    return {
        identityIds: tokens?.identityIds ?? [],
        allIdentities: tokens?.all ?? false,
        ...(clientSecrets ? { clientSecrets } : {}),
        ...(identityName !== undefined ? { identityName } : {}),
        olderThanMs,
        tokenName,
        keepNewest,
    };
}
/** Whose credentials an input names, or undefined when it is empty. */
function whoseOf(read, input) {
    if (read(input).trim() === '')
        return undefined;
    return parseIdentityIds(read(input), input);
}
/**
 * Identity ids: the separators and JSON array that token-id takes; UUIDs, lower case, each once;
 * and `all` (any case), which may stand beside ids.
 */
function parseIdentityIds(raw, input) {
    let values;
    try {
        values = splitValues(raw);
    }
    catch (error) {
        if (!(error instanceof InputError))
            throw error;
        // splitValues speaks of token-id: say the same in this input's words.
        throw new InputError(`Input ${input} starts with [ but is not a JSON array of strings. Expected identity ids (or ${ALL_IDENTITIES}) separated by new lines, commas or spaces, or a JSON array of them (["${EXAMPLE_ID}"]).`);
    }
    const ids = new Set();
    let all = false;
    for (const value of values) {
        if (value.toLowerCase() === ALL_IDENTITIES) {
            all = true;
            continue;
        }
        if (!isUuid(value)) {
            throw new InputError(`Input ${input}: ${echo_quotePrefix(value)} is not an identity id. Expected the UUID of a machine identity, such as ${EXAMPLE_ID}, or ${ALL_IDENTITIES} for every identity of the organization.`);
        }
        ids.add(value.toLowerCase());
    }
    return { identityIds: [...ids], all };
}
function olderThan(read) {
    const text = given(read, 'older-than', `${DURATION_FORM}, or ${ANY_AGE}`, ANY_AGE);
    if (text.toLowerCase() === ANY_AGE)
        return undefined;
    const ms = parseDuration(text);
    if (ms === undefined) {
        throw new InputError(`Input older-than must be ${DURATION_FORM}; got ${echo_quotePrefix(text, 20)}.`);
    }
    return ms;
}
function keepNewestOf(read) {
    const text = given(read, 'keep-newest', `a whole number from 0 to ${MAX_KEEP_NEWEST}, or ${KEEP_NONE}`, KEEP_NONE);
    if (text.toLowerCase() === KEEP_NONE)
        return undefined;
    return wholeNumber(read, 'keep-newest', undefined, 0, MAX_KEEP_NEWEST);
}
function nameOf(read, input, what) {
    const text = read(input).trim();
    if (text === '')
        return undefined;
    // One name or one glob: a line break is a list pasted here, which this input does not take.
    if (/[\r\n]/.test(text)) {
        throw new InputError(`Input ${input} must be one ${what}, or one glob with * and ?, on a single line.`);
    }
    return text;
}

;// CONCATENATED MODULE: ./src/inputs/server-url.ts


const LOOPBACK_HOSTS = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;
/** The password of a `server-url` that carries credentials: masked before the input is refused. */
function secretsInServerUrl(raw) {
    try {
        const { password } = new URL(raw.trim());
        return password ? [password, decodeURIComponent(password)] : [];
    }
    catch {
        return [];
    }
}
/**
 * Reads `server-url`. Users paste the base URL with or without a trailing `/`, and sometimes with
 * `/api` or `/api/v1` (the API's own base, as Infisical's docs show it) already on it; a
 * self-hosted install may live under a path prefix, which is kept.
 */
function parseServerUrl(raw) {
    const text = raw.trim();
    const expected = 'Expected the base URL of your Infisical server, such as https://app.infisical.com.';
    let url;
    try {
        url = new URL(text);
    }
    catch {
        throw new InputError(`Input server-url: ${quoteUrl(text)} is not a URL. ${expected}`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw new InputError(
        // The scheme is not echoed: "user:password@host" without a scheme parses as scheme "user:".
        `Input server-url must start with https:// (or http:// for a local server). ${expected}`);
    }
    if (url.username !== '' || url.password !== '') {
        throw new InputError('Input server-url must not contain credentials (user:password@). Pass the access token in ' +
            'access-token. The URL is not shown.');
    }
    if (url.search !== '' || /\?/.test(text)) {
        throw new InputError(`Input server-url must not contain a query (the part from ?; not shown). ${expected}`);
    }
    if (url.hash !== '' || /#/.test(text)) {
        throw new InputError(`Input server-url must not contain a fragment (the part from #; not shown). ${expected}`);
    }
    const prefix = url.pathname
        .replace(/\/+$/, '')
        .replace(/\/api(\/v\d+)?$/i, '')
        .replace(/\/+$/, '');
    const warnings = [];
    if (url.protocol === 'http:' && !LOOPBACK_HOSTS.test(url.hostname)) {
        warnings.push(`server-url uses plain http:// to ${url.host}: the access token travels unencrypted. Use https://.`);
    }
    return { server: { origin: url.origin, prefix }, warnings };
}
// A value that is not a URL is quoted only when it cannot hold credentials, a query or a
// fragment, and then only its start.
function quoteUrl(text) {
    if (/[@?#]/.test(text))
        return 'the value (not shown: it holds @, ? or #)';
    return echo_quotePrefix(text, 40);
}

;// CONCATENATED MODULE: ./src/inputs/index.ts
// Reads and checks every input before anything is sent. Each error names the input and what was
// expected; secrets are never part of a message.













/** Every value among the inputs that must be masked before anything is printed. */
function secretsIn(read) {
    const accessToken = read('access-token');
    const secrets = [
        ...secretVariants(accessToken),
        // "Bearer <token>" pasted whole: the token alone must be masked too.
        accessToken.trim().replace(/^bearer\s+/i, ''),
        ...secretsInTokenIds(read('token-id')),
        ...secretsInServerUrl(read('server-url')),
        ...secretsInCredentials(read),
        ...secretsInExtraHeaders(read('extra-headers')),
        ...secretsInSelection(read),
    ];
    return [...new Set(secrets)].filter((secret) => secret.trim() !== '');
}
/**
 * Reads every input. `phase` matters for `revoke-at: job-end`: the main step only checks, and the
 * runner evaluates `with:` again for the post step, so values that come from later steps may be
 * empty in the main step (an empty token-id or access-token is read again at job end). Every other
 * input has a default in action.yml, which the runner gives when the step leaves it out: given
 * empty, it is refused (see readers.ts).
 */
function parseInputs(read, phase = 'main', runner = {}) {
    const revokeAt = oneOf(read, 'revoke-at', ['now', 'job-end'], 'now');
    const named = parseTokenIds(read('token-id'));
    const jobEndMain = phase === 'main' && revokeAt === 'job-end';
    const credentials = parseCredentials(read, {
        deferEmpty: jobEndMain,
        selfOnly: named.self && named.tokenIds.length === 0 && read('tokens-of-identity').trim() === '',
    });
    if (named.self && credentials.method !== 'access-token') {
        throw new InputError(`Input token-id names self, but with method: ${credentials.method} the access token is the action's own login, which it revokes when the step ends anyway. Remove self.`);
    }
    // The post step gets the runner's variables the main step gets: without them now, the login
    // at job end cannot happen, and saying so then is after the steps the revoke guards have run.
    if (jobEndMain && credentials.method === 'oidc' && runner.canRequestIdToken === false) {
        throw new InputError('Input method: oidc needs a GitHub ID token at job end, and this job cannot ask for one (it will not be able to later either): give the job (or the workflow) permissions: id-token: write. Pull requests from forks never get one.');
    }
    const { server, warnings } = parseServerUrl(given(read, 'server-url', 'the base URL of your Infisical server, such as https://eu.infisical.com', `Infisical Cloud (${DEFAULT_SERVER_URL})`));
    const selection = parseSelection(read);
    refuseUnreadableOwnToken(selection, credentials);
    refuseUnreadableOwnSecret(selection, credentials);
    const inputs = {
        named,
        credentials,
        selection,
        dryRun: readers_boolean(read, 'dry-run', false),
        extraHeaders: parseExtraHeaders(read('extra-headers')),
        server,
        retries: wholeNumberGiven(read, 'retries', DEFAULT_RETRIES, 0, MAX_RETRIES),
        timeoutSeconds: wholeNumberGiven(read, 'timeout-seconds', DEFAULT_TIMEOUT_SECONDS, 1, MAX_TIMEOUT_SECONDS),
        concurrency: wholeNumberGiven(read, 'concurrency', DEFAULT_CONCURRENCY, 1, MAX_CONCURRENCY),
        ignoreNotFound: readers_boolean(read, 'ignore-not-found', false),
        verify: readers_boolean(read, 'verify', true),
        revokeAt,
    };
    return { inputs, warnings };
}
/**
 * A rotation keeps the access token's own token out by its id (select/choose.ts). An identity
 * access token whose id cannot be read could be among the tokens listed and be revoked midway:
 * refused before any request. What cannot be a Token Auth token of a listed identity passes: a
 * value that is not a JWT (Infisical issues every identity access token as one, and refuses
 * anything else), a JWT of another kind (a user's session), and a login of the action's own
 * (OIDC and Universal Auth logins are never Token Auth tokens).
 */
function refuseUnreadableOwnToken(selection, credentials) {
    const listsTokens = (selection?.identityIds.length ?? 0) > 0 || selection?.allIdentities;
    if (!listsTokens || credentials.method !== 'access-token')
        return;
    const token = credentials.accessToken;
    if (!looksLikeJwt(token) || tokenIdOfAccessToken(token) !== undefined)
        return;
    const kind = claimsOf(token).authTokenType;
    if (kind !== undefined && kind !== 'identityAccessToken')
        return;
    throw new InputError("Input tokens-of-identity needs an access token whose own token id the action can read (identityAccessTokenId in the token), so that it never revokes the access token itself among the identity's tokens; this access-token names none. Use an access token Infisical issued for an identity, or method: oidc or universal (the action's own login is never among the tokens listed).");
}
/**
 * The client secret an access token was issued from is kept out by its `clientSecretId` claim
 * (select/own-secret.ts), which every Universal Auth token Infisical issues carries. A Universal
 * Auth token without it could be issued from one of the secrets listed, and revoking that secret
 * ends the token on current servers: refused before any request.
 */
function refuseUnreadableOwnSecret(selection, credentials) {
    if (!selection?.clientSecrets || credentials.method !== 'access-token')
        return;
    const token = credentials.accessToken;
    const claims = claimsOf(token);
    // IdentityAuthMethod's value ("universal-auth"), whatever the spelling.
    const method = typeof claims.authMethod === 'string' ? claims.authMethod : '';
    const universal = method.toLowerCase().replace(/_/g, '-') === 'universal-auth';
    if (!universal || clientSecretIdOfAccessToken(token) !== undefined) {
        return;
    }
    throw new InputError('Input client-secrets-of-identity needs to know which client secret the access token was issued from (clientSecretId in the token), so that it never revokes it; this Universal Auth access-token names none. Use a token Infisical issued, or method: universal (the action then keeps the secret it logged in with).');
}
/** No token is named: token-id is empty (blank, only separators, or an empty JSON array). */
function namesNoToken(inputs) {
    const { named, selection } = inputs;
    // A selection is there only when tokens-of-identity or client-secrets-of-identity names whose.
    return named.tokenIds.length === 0 && !named.self && selection === undefined;
}
/**
 * An empty token-id never revokes anything. It usually means an upstream output came out empty
 * (a job that failed before making its token, a typo in an expression); it used to mean "the
 * access token itself", which revoked the admin credential of a cleanup job.
 */
function emptyTokenIdError() {
    return new InputError('Input token-id is empty, so no token is named and nothing is revoked. Name the ids of the ' +
        'tokens to revoke, or self to revoke the access token itself. If an empty list means there is ' +
        'nothing to do (a cleanup job whose upstream jobs made no token), set ignore-not-found: true.');
}

;// CONCATENATED MODULE: ./src/infisical/server.ts
// Where Infisical's API lives, as the action calls it: an origin plus the path prefix of a
// self-hosted install. inputs/server-url.ts reads it from `server-url`.
/** The server as users know it, for messages. */
function describeServer(server) {
    return server.origin + server.prefix;
}
/** The URL of an API path (starting with /api/) on the server. */
function apiUrl(server, path) {
    return `${server.origin}${server.prefix}${path}`;
}
/** A value as exactly one path segment, whatever it holds: percent-encoded, dots included, so that no value can climb out of its route. */
function pathSegment(value) {
    return encodeURIComponent(value).replace(/\./g, '%2E');
}

;// CONCATENATED MODULE: ./src/names.ts
// Every name the runner knows the action by, once: its inputs and outputs (as in action.yml, which
// a unit test keeps equal to these lists) and the state the main step leaves for the post step.
// Reading an input or writing an output by any other name is a type error.
const INPUT_NAMES = (/* unused pure expression or super */ null && ([
    'token-id',
    'access-token',
    'method',
    'identity-id',
    'oidc-audience',
    'client-id',
    'client-secret',
    'service-account-token-path',
    'tokens-of-identity',
    'client-secrets-of-identity',
    'identity-name',
    'older-than',
    'token-name',
    'keep-newest',
    'dry-run',
    'extra-headers',
    'server-url',
    'retries',
    'timeout-seconds',
    'concurrency',
    'ignore-not-found',
    'verify',
    'revoke-at',
]));
const OUTPUT_NAMES = (/* unused pure expression or super */ null && ([
    'message',
    'request-id',
    'revoked',
    'already-revoked',
    'not-found',
    'failed',
    'not-attempted',
    'selected',
    'revoked-count',
    'already-revoked-count',
    'not-found-count',
    'failed-count',
    'not-attempted-count',
    'client-secrets',
    'revoked-client-secret-count',
    'failed-client-secret-count',
]));
/** The main step saves this when it leaves the revoke to the post step at job end. */
const REVOKE_AT_JOB_END = 'revoke-at-job-end';

;// CONCATENATED MODULE: ./src/calls/backoff.ts
// The retry policy, in one place: what is worth another attempt and how long to wait first.
// @actions/http-client never retries a POST, so the revoke call's retries are ours.

/**
 * How long to wait before retry number `retry` (1 for the first): exponential with "equal jitter",
 * half of the window fixed and half random, so that parallel jobs do not retry in step.
 * A server's Retry-After wins, up to a cap, so that a rate limit is obeyed rather than guessed.
 */
function retryDelayMs(retry, retryAfterMs, random = Math.random) {
    if (retryAfterMs !== undefined)
        return Math.min(retryAfterMs, RETRY_AFTER_MAX_MS);
    const window = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (retry - 1));
    return Math.round(window / 2 + random() * (window / 2));
}
function describeWait(ms) {
    return `${(ms / 1000).toFixed(1)} s`;
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * A sleep that ends early, once `signal` is aborted: a stopped batch does not wait out its backoff.
 * Also once `wake` is, for one sleep (the pacer wakes a waiter when an answer comes back).
 */
function sleepUnless(signal) {
    return (ms, wake) => new Promise((resolve) => {
        if (signal.aborted || wake?.aborted)
            return resolve();
        const done = () => {
            clearTimeout(timer);
            signal.removeEventListener('abort', done);
            wake?.removeEventListener('abort', done);
            resolve();
        };
        const timer = setTimeout(done, ms);
        signal.addEventListener('abort', done);
        wake?.addEventListener('abort', done);
    });
}

;// CONCATENATED MODULE: ./src/calls/attempt.ts
// Sends one request with the retry policy of every Infisical call (revokes, logins, list pages):
// retried after a network error or a 429/5xx answer, waiting as retry.ts says, paced by the
// request class's pacer, and never starting an attempt once the run has stopped.




/**
 * Sends `request` until an answer decides or the attempts run out. `what` names the work in the
 * retry log line ("revoke token …", "log in"). `mayHaveLanded` is set when an earlier attempt may
 * have reached the server without us hearing back (the lost-answer rule needs it).
 */
async function attempt(request, what, ctx) {
    const attempts = ctx.retries + 1;
    let mayHaveLanded = false;
    let heard = false;
    let lastReason = '';
    for (let n = 1;; n += 1) {
        if (ctx.stop.aborted)
            return { kind: 'stopped', attempts: n - 1, lastReason, mayHaveLanded };
        const ticket = await ctx.pacer.acquire(ctx.stop);
        if (ctx.stop.aborted) {
            ctx.pacer.release(ticket, undefined);
            return { kind: 'stopped', attempts: n - 1, lastReason, mayHaveLanded };
        }
        let answer;
        let failure;
        try {
            answer = await ctx.send(request);
        }
        catch (error) {
            if (!(error instanceof NetworkError))
                throw error;
            failure = error;
        }
        finally {
            ctx.pacer.release(ticket, answer);
        }
        let waitMs;
        if (answer !== undefined) {
            heard = true;
            // A gateway's 502 or 504 may come after the server behind it did the work.
            mayHaveLanded ||= answer.status === 502 || answer.status === 504;
            if (!RETRYABLE_STATUSES.has(answer.status) || n === attempts) {
                return { kind: 'answer', answer, attempts: n, mayHaveLanded };
            }
            // The error name is the server's text: escaped, so that "\n::stop-commands::x\n" is data.
            const name = errorName(answer);
            const said = name === undefined ? undefined : serverText(name, ERROR_NAME_CHARS);
            lastReason = `${answer.status} ${said || (external_node_http_namespaceObject.STATUS_CODES[answer.status] ?? '')}`.trim();
            waitMs = retryDelayMs(n, retryAfterMs(answer), ctx.random);
        }
        else {
            const error = failure;
            mayHaveLanded ||= error.maybeDelivered;
            if (n === attempts || !error.retryable)
                return { kind: 'no-answer', error, attempts: n, heard, mayHaveLanded };
            lastReason = error.message;
            waitMs = retryDelayMs(n, undefined, ctx.random);
        }
        ctx.log(`Attempt ${n} of ${attempts} to ${what} failed (${lastReason}); retrying in ${describeWait(waitMs)}.`);
        await ctx.sleep(waitMs);
    }
}
/** The most of a server's error name the retry line shows (Infisical's are one short word). */
const ERROR_NAME_CHARS = 60;
// Infisical's `error` name of an answer, for the retry line ("503 ServiceUnavailable").
function errorName(answer) {
    try {
        const json = JSON.parse(answer.body);
        return typeof json.error === 'string' ? json.error : undefined;
    }
    catch {
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/infisical/answers.ts
// What every Infisical answer has in common, whatever the route: the error body, the statuses worth
// another attempt, and the traps in front of the API (the web app's 200 HTML page on a wrong path,
// a gateway's page, a redirect, Fastify's 404 for an unknown route, 422's array of issues). Each
// route family's own module (token-auth.ts, token.ts) decides what its answers mean beyond this.





const HINTS = {
    serverUrl: 'Check server-url: it should be the base URL of your Infisical server, such as https://app.infisical.com.',
    accessToken: 'The access token is missing, expired or revoked: create a fresh one for the identity that revokes.',
    redirect: 'Redirects are not followed, so that the access token only goes to server-url: set server-url to the address the server points to.',
    permissionBoundary: "Infisical's privilege boundary: the identity behind the access token must hold every permission that the identity it acts on holds. Give it a role at least as broad as that identity's, or leave that identity out (identity-name, or ids instead of all).",
};
/** Infisical's 403 for an actor with fewer permissions than the identity it acts on. */
function isPermissionBoundary(status, error) {
    return status === 403 && error.error === 'PermissionBoundaryError';
}
/**
 * Reads an answer: a 200 whose JSON the route accepts is `ok`; Infisical's own error body is
 * `error`, for the route to judge; anything else (HTML, a redirect, another shape, a gateway's
 * page, an unknown route) has `failed` and says why.
 */
function readAnswer(answer, accepts, 
/** What the route's answer is called, for messages: 'a revoke answer'. */
what, 
/**
 * Whether a body may be quoted. Not a login route's: whatever its shape, it may carry a new token
 * under a name of its own (`access_token`), or the client secret echoed back in any form.
 * `quoteBodies: false` quotes no body (JSON is shown by its keys alone, anything else not at
 * all) but still reads Infisical's error body: a client secret's row carries its prefix, a
 * piece of the secret, in any shape a server sends it, a proxy's mangled copy included.
 */
{ quote = true, quoteBodies = quote } = {}) {
    const { status } = answer;
    const json = parseJson(answer);
    const shown = (body) => quote && quoteBodies
        ? excerpt(body)
        : json !== undefined
            ? shapeOf(json)
            : `${looksLikeHtml(body) ? 'an HTML page' : 'a body that is not JSON'} (not shown)`;
    if (status === 200) {
        if (json !== undefined && accepts(json))
            return { kind: 'ok', json };
        const got = answer.truncated
            ? `an answer larger than ${what} can be (cut off)`
            : looksLikeHtml(answer.body)
                ? "an HTML page, not Infisical's API (a wrong server-url reaches its web app)"
                : json === undefined
                    ? `a body that is not JSON${quote && quoteBodies ? `: ${excerpt(answer.body)}` : quote ? ' (not shown)' : ''}`
                    : `JSON that is not ${what}: ${shown(answer.body)}`;
        return { kind: 'failed', status, message: `OK, but ${got}`, hint: HINTS.serverUrl };
    }
    if (status >= 300 && status < 400) {
        const location = headerValue(answer.headers, 'location');
        const where = location
            ? `redirected to ${describeLocation(location, quote)}`
            : 'a redirect with no Location';
        return {
            kind: 'failed',
            status,
            message: `${statusText(status)}: ${where}`,
            hint: HINTS.redirect,
        };
    }
    // A login route's error body is read only when it has nothing but Infisical's own fields.
    const read = quote || onlyErrorFields(json) ? asInfisicalError(json) : undefined;
    const error = read && !quote ? { ...read, message: withoutValues(read.message) } : read;
    if (error === undefined) {
        return {
            kind: 'failed',
            status,
            message: answer.body.trim() === ''
                ? `${statusText(status)} (empty answer)`
                : `${statusText(status)} (not Infisical's JSON): ${shown(answer.body)}`,
            hint: status === 404 ? HINTS.serverUrl : undefined,
        };
    }
    // Fastify's own 404 for a route it does not have ("Not Found", with a space): server-url is wrong.
    if (status === 404 && error.error !== 'NotFound') {
        return { kind: 'failed', ...failure(status, error), hint: HINTS.serverUrl };
    }
    return { kind: 'error', status, error };
}
/** An error answer as a failure: status, Infisical's words, the reqId. */
function failure(status, error, hint) {
    return { status, reqId: error.reqId, errorName: error.error, message: describe(error), hint };
}
/** The answers every bearer route gives when it refuses the access token itself. */
function refusal(status, error) {
    if (status === 401 || (status === 403 && error.error === 'TokenError')) {
        return { ...failure(status, error, HINTS.accessToken), refused: true };
    }
    return undefined;
}
function statusText(status) {
    return external_node_http_namespaceObject.STATUS_CODES[status] ?? 'Unknown Status';
}
function describe(error) {
    return [error.error, error.message].filter(Boolean).join(' — ') || '(no message)';
}
/**
 * A login route's message without any long word made of token characters: Infisical's own words
 * are prose, and a token (the new one, or the client secret echoed) is such a word.
 */
function withoutValues(message) {
    return message.replace(/[A-Za-z0-9+/=_.~%\\"-]{20,}/g, (word) => /\d/.test(word) && /[A-Za-z]/.test(word) ? '(a value, not shown)' : word);
}
/** The fields of Infisical's error body: a body with any other could be something else. */
const ERROR_FIELDS = new Set(['reqId', 'statusCode', 'message', 'error', 'details']);
function onlyErrorFields(json) {
    return isRecord(json) && Object.keys(json).every((key) => ERROR_FIELDS.has(key));
}
// Every field is server text, escaped here once, so that whatever reads the error after this
// (the retry line, the summary, a settle line) has data and no line breaks: a name or reqId such
// as "\n::stop-commands::x\n" must not reach the log as a line of its own.
function asInfisicalError(json) {
    if (!isRecord(json))
        return undefined;
    const { reqId, error, message } = json;
    if (typeof error !== 'string' && message === undefined)
        return undefined;
    return {
        reqId: typeof reqId === 'string' ? serverText(reqId, NAME_CHARS) : undefined,
        error: typeof error === 'string' ? serverText(error, NAME_CHARS) : undefined,
        message: renderMessage(message),
    };
}
/** The most of an error name or reqId shown: Infisical's are short words and ids. */
const NAME_CHARS = 60;
/** 422 answers carry an array of validation issues; everything else a string. */
function renderMessage(message) {
    // One line whatever the server wrote: a log line that spans several is hard to read, and a line
    // of its own that starts with :: would be a workflow command to the runner. Prose, so its line
    // breaks fold to spaces; any other control character is escaped.
    return serverText(oneLine(rawMessage(message)), MESSAGE_CHARS);
}
/** The most of a server's message shown (Infisical's are a sentence; a stack trace is not). */
const MESSAGE_CHARS = 500;
function rawMessage(message) {
    if (typeof message === 'string')
        return message;
    if (message === undefined || message === null)
        return '';
    if (Array.isArray(message))
        return message.map(renderIssue).join('; ');
    return JSON.stringify(message);
}
function renderIssue(issue) {
    if (isRecord(issue) && typeof issue.message === 'string') {
        const path = Array.isArray(issue.path) ? issue.path.join('.') : '';
        return path ? `${path}: ${issue.message}` : issue.message;
    }
    return typeof issue === 'string' ? issue : JSON.stringify(issue);
}
function parseJson(answer) {
    if (answer.truncated)
        return undefined;
    try {
        return JSON.parse(answer.body);
    }
    catch {
        return undefined;
    }
}
// A revoke's success schema exactly: `{message: string}` and nothing else. Fastify serialises the
// real answer through that schema, so anything else came from somewhere that is not the route.
function isMessageAnswer(json) {
    return isRecord(json) && typeof json.message === 'string' && Object.keys(json).length === 1;
}
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function looksLikeHtml(body) {
    return /^\s*<(!doctype|html|head|body)/i.test(body);
}
/**
 * A short, single-line quote of a body that is not Infisical's JSON (a proxy page, say). The body
 * comes redacted (step.ts redacts every answer as it arrives): the cut here comes after, so it
 * cannot leave a piece of a secret that the redactor would no longer recognise.
 */
function excerpt(body) {
    const text = oneLine(body
        .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
        .replace(/<[^>]*>/g, ' ')
        // Markup stripped, the text of a page is prose: its layout folds to spaces.
        .replace(/\s+/g, ' '));
    if (text === '')
        return '(no text)';
    return `"${serverText(text, EXCERPT_CHARS)}"`;
}
/**
 * A JSON body by its shape alone, for answers that must not be quoted: its keys when they are
 * plain names (a key could be a token too), never a value.
 */
function shapeOf(json) {
    if (Array.isArray(json))
        return 'an array';
    if (!isRecord(json))
        return json === undefined ? 'no JSON' : `a JSON ${typeof json}`;
    const keys = Object.keys(json);
    if (keys.length === 0)
        return 'an empty object';
    const named = keys.filter((key) => PLAIN_KEY.test(key)).slice(0, MAX_KEYS);
    const others = keys.length - named.length;
    const rest = others === 0 ? '' : `${named.length ? ' and ' : ''}${others} other keys`;
    return `an object with keys ${named.join(', ')}${rest} (values not shown)`;
}
/** Keys shown by `shapeOf`: names such as access_token or expiresIn, short and without digits. */
const PLAIN_KEY = /^[A-Za-z][A-Za-z_]{0,31}$/;
const MAX_KEYS = 10;
// A Location may carry a query with credentials of its own: name only where it points. It came
// redacted with the rest of the answer (a token in its path reads `***`), so the cut comes after.
function describeLocation(location, withPath) {
    try {
        const url = new URL(location);
        // A login's redirect may carry the new token in its path: only its host is said.
        const path = withPath ? url.pathname : '';
        return serverText(`${url.protocol}//${url.host}${path}`, LOCATION_CHARS);
    }
    catch {
        if (!withPath)
            return 'a relative address (not shown)';
        // A relative one ("/login?next=…"): its path, without the query either.
        return `"${serverText(location.split(/[?#]/)[0] ?? '', LOCATION_CHARS)}"`;
    }
}
/** The most of a redirect's target shown: its host, and enough of the path to recognise. */
const LOCATION_CHARS = 100;
/** Infisical's one success answer of both revoke routes (the route's schema strips any other field). */
const REVOKE_SUCCESS = 'Successfully revoked access token';
/** An error answer that means the token is gone (or expired), in Verdict form. */
function goneVerdict(kind, status, error) {
    return { kind, status, reqId: error.reqId, errorName: error.error, message: error.message };
}
/**
 * What a 200 to a revoke says: Infisical's exact success answer (JSON, its one message), or an
 * answer that only a read-back can confirm, with what it was.
 */
function judgeRevokeSuccess(answer) {
    if (answer.status !== 200)
        return undefined;
    const reading = readAnswer(answer, isMessageAnswer, 'a revoke answer');
    const json = /^application\/json\b/i.test(headerValue(answer.headers, 'content-type') ?? '');
    if (reading.kind === 'ok') {
        const { message } = reading.json;
        if (message === REVOKE_SUCCESS && json)
            return { kind: 'revoked', message };
        const what = json
            ? `JSON with another message: ${excerpt(answer.body)}`
            : `${REVOKE_SUCCESS} sent as ${headerValue(answer.headers, 'content-type') ?? 'no content type'}, not JSON`;
        return {
            kind: 'unconfirmed',
            status: 200,
            message: `OK, but not Infisical's success answer (${what})`,
        };
    }
    if (reading.kind === 'failed')
        return { kind: 'unconfirmed', status: 200, message: reading.message, hint: reading.hint };
    return undefined;
}

;// CONCATENATED MODULE: ./src/infisical/read-back.ts


function tokenRequest(server, tokenId, accessToken) {
    return {
        method: 'GET',
        url: apiUrl(server, `/api/v1/auth/token-auth/tokens/${pathSegment(tokenId)}`),
        bearerToken: accessToken,
    };
}
function detailsRequest(server, token) {
    return { method: 'GET', url: apiUrl(server, '/api/v1/identities/details'), bearerToken: token };
}
// The row asked for, and no other: a cache keyed wrongly must not lend another token's state.
function isTokenAnswerFor(tokenId) {
    return (json) => isRecord(json) &&
        isRecord(json.token) &&
        typeof json.token.isAccessTokenRevoked === 'boolean' &&
        typeof json.token.id === 'string' &&
        json.token.id.toLowerCase() === tokenId.toLowerCase();
}
/** What GET …/tokens/{tokenId} shows of the Token Auth token `tokenId`. */
function judgeTokenRead(answer, tokenId) {
    const reading = readAnswer(answer, isTokenAnswerFor(tokenId), 'a token');
    if (reading.kind === 'ok') {
        const { token } = reading.json;
        if (!token.isAccessTokenRevoked)
            return { kind: 'live' };
        const updatedAt = typeof token.updatedAt === 'string' ? new Date(token.updatedAt) : undefined;
        return {
            kind: 'revoked',
            updatedAt: updatedAt && !Number.isNaN(updatedAt.getTime()) ? updatedAt : undefined,
        };
    }
    if (reading.kind === 'failed')
        return { ...reading, kind: 'unreadable' };
    const { status, error } = reading;
    if (status === 404 && error.error === 'NotFound') {
        // The lookup's own 404 ("Token with ID … not found"), exactly; "Failed to find identity" is
        // the organization check: the token's identity is elsewhere, out of this access token's reach.
        if (/^Token with ID \S+ not found\.?$/i.test(error.message)) {
            return { kind: 'no-row', reqId: error.reqId };
        }
        if (/^Failed to find identity with ID /i.test(error.message)) {
            return { kind: 'other-organization', reqId: error.reqId, message: error.message };
        }
    }
    return unreadable(status, error);
}
function isDetailsAnswer(json) {
    return isRecord(json) && isRecord(json.identityDetails);
}
/** What GET /api/v1/identities/details, sent with the token itself, shows of it. */
function judgeTokenUse(answer) {
    const reading = readAnswer(answer, isDetailsAnswer, 'identity details');
    if (reading.kind === 'ok')
        return { kind: 'live' };
    if (reading.kind === 'failed')
        return { ...reading, kind: 'unreadable' };
    const { status, error } = reading;
    // Only Infisical's own refusal of the token (its error body, with a reqId) shows it dead: a
    // gateway's 401, or "Token missing" (a proxy that dropped the header), shows nothing of it.
    if (status === 401 && error.reqId !== undefined && !/token missing/i.test(error.message)) {
        return { kind: 'revoked' };
    }
    if (status === 403 && error.error === 'TokenError' && /expired/i.test(error.message)) {
        return { kind: 'expired' };
    }
    return unreadable(status, error);
}
/** An error answer that shows nothing of the credential: why, in Infisical's words. */
function unreadable(status, error) {
    return {
        kind: 'unreadable',
        status,
        reqId: error.reqId,
        errorName: error.error,
        message: `${status} ${[error.error, error.message].filter(Boolean).join(' — ')}`,
    };
}

;// CONCATENATED MODULE: ./src/revoke/target.ts
// The tokens a run revokes, as one shape from the inputs to the report: the ids named (token-id,
// and those the selection chose) and whether the access token itself is named (`self`), and the
// order in which they are revoked.
/** A client secret to revoke. */
function clientSecretTarget(secretId, identityId) {
    return { tokenId: secretId, self: false, clientSecretOf: identityId };
}
/** What a target is, in a word: 'token' or 'client secret'. */
function kindOf(target) {
    return target.clientSecretOf === undefined ? 'token' : 'client secret';
}
/**
 * How outputs and the summary name an access token that carries no id of its own. Not `self` on
 * purpose: fed back into token-id (as the README suggests for outputs), it must not mean "revoke
 * whatever access token that run has", which may be another credential.
 */
const UNNAMED_SELF = '(the access token)';
/** How a token is named in a sentence. */
function describeTarget(target) {
    if (target.clientSecretOf !== undefined) {
        return `client secret ${target.tokenId} of identity ${target.clientSecretOf}`;
    }
    if (!target.self)
        return `token ${target.tokenId}`;
    return target.tokenId === UNNAMED_SELF
        ? 'the access token itself'
        : `the access token itself (token ${target.tokenId})`;
}
/**
 * The order of work: the ids named, then the access token's own token (revoking it ends the
 * right to revoke the others), then `self`. An id that is the access token's own token
 * (`ownTokenId`, lower case) is folded into `self` when both are named: one token, revoked once.
 */
function planOf(named, ownTokenId) {
    const own = ownTokenId;
    const others = named.tokenIds.filter((id) => id !== own);
    const namesOwn = others.length < named.tokenIds.length;
    const batch = others.map((tokenId) => ({ tokenId, self: false }));
    const notes = [];
    let last;
    if (named.self) {
        last = { tokenId: own ?? UNNAMED_SELF, self: true };
        if (namesOwn) {
            notes.push(`Token ${own} is the access token's own token: it is revoked once, as self, last.`);
        }
        else if (batch.length > 0)
            notes.push('Revoking the access token itself last.');
    }
    else if (namesOwn) {
        // Its own token goes through the access-token route: the Token Auth route finds only Token
        // Auth rows, and would call a live login token (OIDC, Universal Auth…) "already gone".
        last = { tokenId: own, self: true };
        if (batch.length > 0)
            notes.push(`Revoking the access token's own token ${own} last.`);
    }
    return { batch, last, notes };
}
/** Every target of a plan, in the order revoked. */
function inOrder(plan) {
    return plan.last ? [...plan.batch, plan.last] : plan.batch;
}

;// CONCATENATED MODULE: ./src/revoke/dry-run.ts
// A dry run reads, never writes: each token named in token-id is looked up (its row; for `self`,
// the access token used once), and reported as what a real run would find: live (would be
// revoked), already revoked, or not found. Chosen tokens were just listed live. An access token
// that the server refuses fails the dry run, as it would fail the real one.



async function lookUp(targets, ctx) {
    const looked = [];
    for (const target of targets) {
        const one = await lookOne(target, ctx);
        looked.push(one);
        ctx.log(lineOf(one));
    }
    return looked;
}
async function lookOne(target, ctx) {
    if (!target.self && ctx.listedLive.has(target.tokenId))
        return { ...target, state: 'live' };
    if (ctx.stop.aborted)
        return { ...target, state: 'unknown', why: 'the run stopped first' };
    const request = target.self
        ? detailsRequest(ctx.server, ctx.accessToken)
        : tokenRequest(ctx.server, target.tokenId, ctx.accessToken);
    const done = await attempt(request, `look up ${describeTarget(target)}`, ctx);
    if (done.kind !== 'answer') {
        const why = done.kind === 'stopped' ? 'the run stopped first' : done.error.message;
        return { ...target, state: 'unknown', why };
    }
    const shown = target.self
        ? judgeTokenUse(done.answer)
        : judgeTokenRead(done.answer, target.tokenId);
    if (target.self && (shown.kind === 'revoked' || shown.kind === 'expired')) {
        ctx.halt({
            kind: 'refused',
            reason: `Infisical refused the access token (${done.answer.status}): it is ${shown.kind === 'revoked' ? 'revoked or unknown' : 'expired'}, so the dry run cannot read anything and a real run would fail.`,
        });
        return { ...target, state: 'already-revoked' };
    }
    switch (shown.kind) {
        case 'live':
            return { ...target, state: 'live' };
        case 'revoked':
        case 'expired':
            return { ...target, state: 'already-revoked' };
        case 'no-row':
            return { ...target, state: 'not-found' };
        case 'other-organization':
            // Another organization's token: a real run could not revoke it either.
            return { ...target, state: 'unknown', why: shown.message };
        case 'unreadable': {
            if (shown.status === 401 || (shown.status === 403 && shown.errorName === 'TokenError')) {
                ctx.halt({
                    kind: 'refused',
                    reason: `Infisical refused the access token (${shown.status} ${shown.errorName ?? ''}) when looking up ${describeTarget(target)}: a real run would fail the same way.`,
                });
            }
            return { ...target, state: 'unknown', why: shown.message };
        }
    }
}
function lineOf(looked) {
    const name = describeTarget(looked);
    switch (looked.state) {
        case 'live':
            return `Dry run: would revoke ${name}.`;
        case 'already-revoked':
            return `Dry run: ${name} is already revoked; a real run would find nothing to revoke.`;
        case 'not-found':
            return `Dry run: no Token Auth token answers to ${name} for this access token (never one, pruned, or a token of another login method, which may be live).`;
        case 'unknown':
            return `Dry run: would try to revoke ${name}; it could not be looked up (${looked.why}).`;
    }
}
/** The tokens a real run would revoke: live, or not readable. */
function wouldRevoke(looked) {
    return looked.filter((one) => one.state === 'live' || one.state === 'unknown');
}

;// CONCATENATED MODULE: ./src/report/wording.ts


/** A dry run's line; `secrets` only when client-secrets-of-identity was given. */
function dryRunLine(count, secrets) {
    // A run that asked only for client secrets (none named, none chosen) speaks of them alone.
    const parts = [
        ...(secrets === undefined || count > 0 ? [plural(count, 'token')] : []),
        ...(secrets === undefined ? [] : [plural(secrets, 'client secret')]),
    ];
    return `Dry run: ${parts.join(' and ')} would be revoked; nothing was revoked.`;
}
/** How many client secrets a run chose, when client-secrets-of-identity was given. */
function secretsChosen(run) {
    return run.selection?.secrets?.chosen.chosen.length;
}
/** The first line of a run: "Revoking 3 tokens at https://…", or a dry run's. */
function startLine(scope, server) {
    const verb = scope.dryRun ? 'Dry run, nothing is revoked: looking for' : 'Revoking';
    return `${verb} ${describeTokens(scope)} at ${server}.`;
}
/**
 * What a main step with revoke-at: job-end says: what the post step will do, or which inputs are
 * empty now and read again at job end.
 */
function jobEndNotice(scope, emptyNow) {
    if (emptyNow.length > 0) {
        return `${emptyNow.join(' and ')} ${emptyNow.length > 1 ? 'are' : 'is'} empty now; the inputs are read again when the job ends (the runner evaluates with: again for the post step).`;
    }
    const what = capitalise(describeTokens(scope));
    return scope.dryRun
        ? `${what}: the dry run happens when the job ends (nothing is revoked).`
        : `${what} will be revoked when the job ends.`;
}
function describeTokens({ named, identities, allIdentities, clientSecrets }) {
    const chosen = identities > 0 || allIdentities
        ? `the tokens of ${whose(identities, allIdentities ?? false)} that the filters choose`
        : '';
    const secrets = clientSecrets
        ? `the client secrets of ${whose(clientSecrets.identities, clientSecrets.all)} that the filters choose`
        : '';
    const parts = [describeNamed(named), chosen, secrets].filter((part) => part !== '');
    return parts.length > 1
        ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`
        : (parts[0] ?? '');
}
/** "3 identities", "every identity of the organization", or both. */
function whose(identities, all) {
    const named = plural(identities, 'identity', 'identities');
    if (!all)
        return named;
    return identities > 0
        ? `every identity of the organization and ${named} named by id`
        : 'every identity of the organization';
}
function describeNamed(named) {
    const count = named.tokenIds.length + (named.self ? 1 : 0);
    if (count === 0)
        return '';
    if (count > 1)
        return `${count} tokens`;
    const [id] = named.tokenIds;
    return id === undefined ? describeTarget({ tokenId: UNNAMED_SELF, self: true }) : `token ${id}`;
}

;// CONCATENATED MODULE: ./src/report/verdict.ts




/**
 * GitHub shows 10 error annotations a step; the step writes at most this many, its closing
 * failure included, whatever the batch size. Every token is still in the outputs and the summary.
 */
const MAX_ERROR_ANNOTATIONS = 5;
/** How many ids a grouped annotation names before it counts the rest. */
const NAMED_IDS = 5;
function judge(run) {
    const counts = countsOf(run.settled.filter((s) => !isSecret(s)));
    const secrets = run.settled.filter(isSecret);
    const secretCounts = secrets.length > 0 ? countsOf(secrets) : undefined;
    // Tokens and client secrets together decide; each is tallied in its own words.
    const all = countsOf(run.settled);
    const stopped = stoppedEarly(run, all);
    const closing = closingOf(run, all, stopped);
    const { errors, failure } = annotationsOf(run, all, closing);
    const status = stopped?.kind === 'cancelled' ? 'cancelled' : failure !== undefined ? 'failed' : 'succeeded';
    return {
        counts,
        ...(secretCounts ? { secretCounts } : {}),
        failure,
        errors,
        message: messageOf(run, all, failure),
        warnings: unverifiedOf(run),
        status,
        stopped,
    };
}
/**
 * The run's stop, when it left something: tokens not attempted, a request a cancel cut off, or
 * nothing chosen at all. A stop after every token was tried is no stop: saying "stopped" then
 * contradicts the counts.
 */
function stoppedEarly(run, counts) {
    const { stopped } = run;
    if (!stopped)
        return undefined;
    if (counts.total === 0 || counts.notAttempted > 0)
        return stopped;
    return stopped.kind === 'cancelled' && counts.outcomeUnknown > 0 ? stopped : undefined;
}
/** How many warnings about unverified revokes a step writes at the most (one per reason). */
const MAX_UNVERIFIED_WARNINGS = 3;
// A revoke the server answered with its own success but that could not be read back stays
// "revoked", and the step stays green: one warning per reason says why it is unverified.
function unverifiedOf(run) {
    const byWhy = new Map();
    for (const { result } of run.settled) {
        if (result.outcome !== 'revoked' || result.readBack?.kind !== 'unverified')
            continue;
        // The same reason for every token: its id and reqId aside.
        const why = result.readBack.why
            .replace(new RegExp(result.tokenId, 'gi'), '<id>')
            .replace(/ \(reqId: [^)]*\)/g, '');
        const noun = kindOf(result);
        const key = `${noun}\n${why}`;
        const group = byWhy.get(key) ?? { why, noun, ids: [] };
        group.ids.push(result.tokenId);
        byWhy.set(key, group);
    }
    return [...byWhy.values()].slice(0, MAX_UNVERIFIED_WARNINGS).map(({ why, noun, ids }) => {
        const which = ids.length === 1
            ? `${noun} ${ids[0]}`
            : `${ids.length} ${noun}s (${ids.slice(0, NAMED_IDS).join(', ')}${ids.length > NAMED_IDS ? ` and ${ids.length - NAMED_IDS} more` : ''})`;
        return `Revoked ${which}, but could not read ${ids.length === 1 ? 'it' : 'them'} back to verify: ${why}. Infisical answered its own success answer, so ${ids.length === 1 ? 'it counts' : 'they count'} as revoked, unverified.`;
    });
}
function countsOf(settled) {
    const count = (...outcomes) => settled.filter((s) => outcomes.includes(s.result.outcome)).length;
    return {
        revoked: count('revoked'),
        alreadyRevoked: count('already-revoked', 'expired'),
        notFound: count('not-found'),
        failed: count('failed'),
        outcomeUnknown: settled.filter((s) => s.result.outcomeUnknown).length,
        notAttempted: count('not-attempted'),
        total: settled.length,
    };
}
function tally(c, noun = 'token') {
    const parts = [
        `${c.revoked} revoked`,
        `${c.alreadyRevoked} already revoked`,
        `${c.notFound} not found`,
        `${c.failed} failed`,
        ...(c.notAttempted > 0 ? [`${c.notAttempted} not attempted`] : []),
    ];
    // The outcome unknown are counted in "failed", as the outputs list them; this says which.
    const unknown = c.outcomeUnknown > 0
        ? ` Outcome unknown: ${c.outcomeUnknown} of the failed (${c.outcomeUnknown === 1 ? 'it was' : 'they were'} cut off before an answer came, and may have been revoked).`
        : '';
    return `${plural(c.total, noun)}: ${parts.join(', ')}.${unknown}`;
}
/**
 * What the tokens that are not done were, one clause each ("1 could not be revoked, 2 were not
 * found"): a closing line never calls a token that was not found "could not be revoked". Worded
 * apart from the tally ("2 not found"), whose counts hold the done ones too.
 */
function notDoneOf(settled) {
    const left = settled.filter((s) => !s.done);
    const count = (test) => left.filter(test).length;
    const was = (n) => (n === 1 ? 'was' : 'were');
    const parts = [
        [
            count((s) => s.result.outcome === 'failed' && !s.result.outcomeUnknown),
            () => 'could not be revoked',
        ],
        [
            count((s) => s.result.outcomeUnknown === true),
            (n) => `${n === 1 ? 'has its' : 'have their'} outcome unknown`,
        ],
        [count((s) => s.result.outcome === 'not-found'), (n) => `${was(n)} not found`],
        [count((s) => s.result.outcome === 'already-revoked'), (n) => `${was(n)} already revoked`],
        [count((s) => s.result.outcome === 'not-attempted'), (n) => `${was(n)} not attempted`],
    ];
    return parts
        .filter(([n]) => n > 0)
        .map(([n, what]) => `${n} ${what(n)}`)
        .join(', ');
}
function messageOf(run, counts, failure) {
    if (failure !== undefined)
        return failure;
    const { settled } = run;
    if (run.dryRun)
        return dryRunLine(wouldRevoke(run.dryRun).length, secretsChosen(run));
    if (settled.length === 0 && run.selection) {
        return `${talliesOf(run)} Nothing was chosen to revoke.`;
    }
    if (settled.length === 0)
        return 'Nothing to revoke: token-id named no token.';
    const only = settled.length === 1 ? settled[0] : undefined;
    // Infisical's own words for a plain revoke; the line (with its note) for anything else.
    if (only)
        return only.result.outcome === 'revoked' && !only.result.note ? only.result.message : only.line;
    return talliesOf(run);
}
function isSecret(s) {
    return s.result.clientSecretOf !== undefined;
}
/**
 * The tallies: the tokens', then the client secrets' (when client-secrets-of-identity was given).
 * A run that asked only for client secrets has no token tally.
 */
function talliesOf(run) {
    const tokens = run.settled.filter((s) => !isSecret(s));
    const secretsAsked = run.filters?.clientSecrets !== undefined;
    const tokensAsked = tokens.length > 0 || (run.filters?.identityIds.length ?? 0) > 0 || run.filters?.allIdentities;
    const parts = [
        ...(tokensAsked || !secretsAsked ? [tally(countsOf(tokens))] : []),
        ...(secretsAsked ? [tally(countsOf(run.settled.filter(isSecret)), 'client secret')] : []),
    ];
    return parts.join(' ');
}
/** What the run revoked, as a plural noun for the closing line. */
function nounOf(run) {
    const secrets = run.settled.filter(isSecret).length;
    if (secrets === 0)
        return 'tokens';
    return secrets === run.settled.length ? 'client secrets' : 'tokens and client secrets';
}
/**
 * The closing failure of the tokens, or undefined when every one is done: the one failing token's
 * own line, or how many failed and, when the batch stopped, why and how many were not attempted.
 */
function closingOf(run, counts, stopped) {
    const failing = run.settled.filter((s) => !s.done);
    const listFailures = listErrorsOf(run);
    if (listFailures.length > 0 && !stopped) {
        const sweepFailed = run.selection?.sweep?.error !== undefined && !run.selection.sweep.refused;
        const identities = listFailures.length - (sweepFailed ? 1 : 0);
        const what = run.selection?.secrets ? 'tokens or client secrets' : 'tokens';
        const lists = capitalise([
            ...(sweepFailed
                ? [`the organization's identities could not be listed, so no identity of all was swept`]
                : []),
            ...(identities > 0
                ? [
                    `${identities} of ${listedCount(run) - (sweepFailed ? 1 : 0)} identities could not be listed, so none of their ${what} were revoked`,
                ]
                : []),
        ].join('; '));
        return failing.length === 0 && listFailures.length === 1
            ? listFailures[0]
            : `${lists} (see the errors above). ${talliesOf(run)}`;
    }
    if (stopped) {
        const lead = stopped.kind === 'cancelled' ? 'Cancelled:' : stopped.reason;
        // Nothing chosen yet (a login refused before the lists were read): nothing to count.
        if (counts.total === 0)
            return `${lead} Nothing was revoked.`;
        if (counts.notAttempted > 0) {
            return `${lead} ${counts.notAttempted} of ${counts.total} ${nounOf(run)} were not attempted. ${talliesOf(run)}`;
        }
        // Cancelled after every token was sent, with requests cut off.
        return `${lead} ${failing.length} of ${counts.total} ${nounOf(run)} are not done: ${notDoneOf(run.settled)} (see the errors above). ${talliesOf(run)}`;
    }
    if (failing.length === 0)
        return undefined;
    if (failing.length === 1)
        return failing[0].line;
    const plain = failing.every((s) => s.result.outcome === 'failed' && !s.result.outcomeUnknown);
    if (plain) {
        return `${failing.length} of ${counts.total} ${nounOf(run)} could not be revoked (see the errors above). ${talliesOf(run)}`;
    }
    return `${failing.length} of ${counts.total} ${nounOf(run)} are not done: ${notDoneOf(run.settled)} (see the errors above). ${talliesOf(run)}`;
}
/**
 * Every error annotation of the step, and its closing failure (undefined when all is done): the
 * grouped failures, then a login that could not be revoked; never more than MAX_ERROR_ANNOTATIONS.
 */
function annotationsOf(run, counts, closing) {
    const logoutFailed = run.logout && !run.logout.done ? run.logout.line : undefined;
    if (closing === undefined)
        return { errors: [], failure: logoutFailed };
    // List failures first (at most two lines), then the grouped revoke failures in the room left.
    const all = listErrorsOf(run);
    const lists = all.length > 2
        ? [
            ...all.slice(0, 1),
            `${all.length - 1} more identities could not be listed: see the log and the job summary.`,
        ]
        : all;
    const shownLists = lists.length === 1 && lists[0] === closing ? [] : lists;
    const errors = errorGroups(run, closing, (logoutFailed ? 1 : 0) + shownLists.length);
    return {
        errors: [...shownLists, ...errors, ...(logoutFailed ? [logoutFailed] : [])],
        failure: closing,
    };
}
/**
 * The lines of the lists that failed (refusals are the stop's to explain): the organization's
 * identities, then each identity's tokens, then each identity's client secrets.
 */
function listErrorsOf(run) {
    const sweep = run.selection?.sweep;
    const lists = [...(run.selection?.listed ?? []), ...(run.selection?.secrets?.listed ?? [])];
    return [
        ...(sweep?.error && !sweep.refused ? [sweep.error] : []),
        ...lists.flatMap((list) => (list.error && !list.refused ? [list.error] : [])),
    ];
}
/** How many lists the selection read (or tried to): the organization's, and each identity's. */
function listedCount(run) {
    const { selection } = run;
    if (!selection)
        return 0;
    return ((selection.sweep?.error ? 1 : 0) +
        selection.listed.length +
        (selection.secrets?.listed.length ?? 0));
}
/**
 * The error annotations before the closing one: failures grouped by their reason, each naming its
 * tokens or their count. Not-attempted tokens are explained by the closing line. None when a
 * single token fails (the closing line is its own).
 */
function errorGroups(run, closing, reserved) {
    const failing = run.settled.filter((s) => !s.done && s.result.outcome !== 'not-attempted');
    // A single failure that is the closing error already: not said twice.
    if (failing.length === 1 && closing === failing[0].line)
        return [];
    const groups = new Map();
    for (const s of failing) {
        // A token and a client secret that failed alike are still two groups: each names its kind.
        const key = `${kindOf(s.result)}\n${s.reason ?? s.line}`;
        groups.set(key, [...(groups.get(key) ?? []), s]);
    }
    const room = MAX_ERROR_ANNOTATIONS - 1 - reserved;
    const entries = [...groups.entries()];
    const shown = entries.length > room ? entries.slice(0, room - 1) : entries;
    const lines = shown.map(([key, members]) => members.length === 1
        ? members[0].line
        : `${capitalise(namesOf(members))}: ${key.slice(key.indexOf('\n') + 1)}`);
    const rest = entries.slice(shown.length);
    if (rest.length > 0) {
        const tokens = rest.reduce((n, [, members]) => n + members.length, 0);
        lines.push(`${tokens} more ${tokens === 1 ? 'token' : 'tokens'}${run.settled.some(isSecret) ? ' or client secrets' : ''} could not be revoked for ${rest.length} other reasons: see the log and the job summary.`);
    }
    return lines;
}
function namesOf(members) {
    const ids = members.map((s) => s.result.tokenId);
    const named = ids.slice(0, NAMED_IDS).join(', ');
    const more = ids.length > NAMED_IDS ? ` and ${ids.length - NAMED_IDS} more` : '';
    return `${ids.length} ${kindOf(members[0]?.result ?? { tokenId: '', self: false })}s (${named}${more})`;
}

;// CONCATENATED MODULE: ./src/report/outputs.ts
function outputsOf(run, verdict) {
    // Tokens and client secrets apart: a client secret is never in a token output.
    const results = run.settled.map((s) => s.result).filter((r) => r.clientSecretOf === undefined);
    const revoked = results.filter((r) => r.outcome === 'revoked').map((r) => r.tokenId);
    const answered = (r) => ({
        id: r.tokenId,
        status: r.status ?? null,
        reqId: r.reqId ?? null,
    });
    const alreadyRevoked = results.flatMap((r) => r.outcome === 'already-revoked' || r.outcome === 'expired' ? [answered(r)] : []);
    const notFound = results.flatMap((r) => (r.outcome === 'not-found' ? [answered(r)] : []));
    const failed = results.flatMap((r) => r.outcome === 'failed'
        ? [
            {
                id: r.tokenId,
                status: r.status ?? null,
                error: r.errorName ?? null,
                reqId: r.reqId ?? null,
                // Cut off by a cancel: it may have been revoked. Still failed: nobody takes it as done.
                ...(r.outcomeUnknown ? { outcomeUnknown: true } : {}),
            },
        ]
        : []);
    const notAttempted = results.filter((r) => r.outcome === 'not-attempted').map((r) => r.tokenId);
    const only = run.settled.length === 1 ? run.settled[0] : undefined;
    const secrets = clientSecretsOf(run);
    const chosen = run.selection?.chosen.chosen ?? [];
    const chosenIds = new Set(chosen.map((token) => token.id));
    const selected = chosen.map((token) => ({
        id: token.id,
        name: token.name,
        createdAt: token.createdAt.toISOString(),
        identityId: token.identityId,
    }));
    // A dry run lists the tokens named in token-id too, with what the server showed of each.
    for (const looked of run.dryRun ?? []) {
        if (looked.self)
            selected.push({ id: looked.tokenId, self: true, state: looked.state });
        else if (!chosenIds.has(looked.tokenId)) {
            selected.push({ id: looked.tokenId, state: looked.state });
        }
    }
    return {
        message: verdict.message,
        selected: JSON.stringify(selected),
        'request-id': only?.result.reqId ?? '',
        revoked: JSON.stringify(revoked),
        'already-revoked': JSON.stringify(alreadyRevoked),
        'not-found': JSON.stringify(notFound),
        failed: JSON.stringify(failed),
        'not-attempted': JSON.stringify(notAttempted),
        'revoked-count': String(revoked.length),
        'already-revoked-count': String(alreadyRevoked.length),
        'not-found-count': String(notFound.length),
        'failed-count': String(failed.length),
        'not-attempted-count': String(notAttempted.length),
        'client-secrets': JSON.stringify(secrets),
        'revoked-client-secret-count': String(secrets.filter((s) => s.outcome === 'revoked').length),
        'failed-client-secret-count': String(secrets.filter((s) => s.outcome === 'failed').length),
    };
}
/**
 * Every client secret chosen, with what became of it. Its description is what a user typed; its
 * prefix (the secret's first characters) is never reported.
 */
function clientSecretsOf(run) {
    const results = new Map(run.settled
        .filter((s) => s.result.clientSecretOf !== undefined)
        .map((s) => [s.result.tokenId, s.result]));
    return (run.selection?.secrets?.chosen.chosen ?? []).map((secret) => {
        const result = results.get(secret.id);
        return {
            id: secret.id,
            identityId: secret.identityId,
            description: secret.description,
            createdAt: secret.createdAt.toISOString(),
            outcome: run.dryRun ? 'selected' : (result?.outcome ?? 'not-attempted'),
            status: result?.status ?? null,
            reqId: result?.reqId ?? null,
            ...(result?.outcomeUnknown ? { outcomeUnknown: true } : {}),
        };
    });
}

;// CONCATENATED MODULE: ./src/report/acting.ts
// Who revoked, for the audit record (the revoke route writes no audit event in Infisical): the
// identity the access token acts as, read from its own claims, or else what the login was asked
// to log in as. Only ids are shown: a claim or an input that is not a UUID is never echoed.


function actingOf(credentials, accessToken) {
    const claimed = accessToken === undefined ? undefined : claimsOf(accessToken).identityId;
    if (typeof claimed === 'string' && isUuid(claimed)) {
        return { from: 'claims', identityId: claimed.toLowerCase() };
    }
    if ((credentials.method === 'oidc' ||
        credentials.method === 'aws-iam' ||
        credentials.method === 'kubernetes') &&
        isUuid(credentials.identityId)) {
        return { from: credentials.method, identityId: credentials.identityId.toLowerCase() };
    }
    if (credentials.method === 'universal' && isUuid(credentials.clientId)) {
        return { from: 'universal', clientId: credentials.clientId.toLowerCase() };
    }
    return { from: 'unknown' };
}
/** "identity 1f2e… (from the access token's claims)", for the summary. */
function describeActing(acting) {
    switch (acting.from) {
        case 'claims':
            return `identity ${acting.identityId} (from the access token's claims)`;
        case 'oidc':
            return `identity ${acting.identityId} (the OIDC login's identity-id)`;
        case 'aws-iam':
            return `identity ${acting.identityId} (the AWS IAM login's identity-id)`;
        case 'kubernetes':
            return `identity ${acting.identityId} (the Kubernetes login's identity-id)`;
        case 'universal':
            return `the identity of Universal Auth client id ${acting.clientId} (the login's client-id)`;
        case 'unknown':
            return 'unknown (the access token is not a JWT that names its identity)';
    }
}

;// CONCATENATED MODULE: ./src/report/summary.ts







/** A job summary may hold 1 MiB a step (in bytes): rows stop well before that. */
const SUMMARY_MAX_BYTES = 900_000;
function summaryMarkdown(run, verdict, context) {
    // A dry run revoked nothing: its count is the dry-run line's, not a tally of zeros.
    const lines = [
        `### ${headingOf(run, verdict)}`,
        '',
        describeRun(context),
        '',
        ...(run.acting ? [`Acting identity: ${escapeCell(describeActing(run.acting))}.`, ''] : []),
        ...(run.filters ? [describeFilters(run.filters), ''] : []),
        ...(run.dryRun ? [] : [talliesOf(run), '']),
    ];
    // "Stopped" only when the stop left something: the verdict's, not the run's.
    if (verdict.stopped)
        lines.push(`> **Stopped:** ${escapeCell(verdict.stopped.reason)}`, '');
    if (run.logout)
        lines.push(`${run.logout.done ? '✅' : '❌'} ${escapeCell(run.logout.line)}`, '');
    if (run.dryRun)
        lines.push(...dryRunMarkdown(run, run.dryRun));
    const rows = new Rows(Buffer.byteLength(lines.join('\n')));
    if (run.selection)
        lines.push(...selectionMarkdown(run, run.selection, context.at, rows));
    // One table a token: a token in an identity's table (chosen, or kept by the filters and named in
    // token-id) is in that table only; the token-id table has the rest of those named there.
    const inTables = new Set((run.selection?.chosen.identities ?? []).flatMap((choice) => [
        ...choice.chosen.map((token) => token.id),
        ...choice.kept.map(({ token }) => token.id),
    ]));
    const named = run.settled.filter((s) => !inTables.has(s.result.tokenId) && s.result.clientSecretOf === undefined);
    if (named.length > 0) {
        if (run.selection)
            lines.push('#### Named in token-id', '');
        lines.push('| Token | Result | Read back | HTTP status | reqId | Note |', '| --- | --- | --- | --- | --- | --- |');
        for (const s of named) {
            const token = s.result.self && s.result.tokenId !== UNNAMED_SELF
                ? `${s.result.tokenId} (self)`
                : s.result.tokenId;
            rows.add(lines, `| ${[token, ...resultCells(s)].map(escapeCell).join(' | ')} |`);
        }
    }
    if (rows.omitted > 0) {
        lines.push('', `${rows.omitted} more rows are left out to keep the summary under GitHub's 1 MiB; the step's outputs list every token.`);
    }
    return `${lines.join('\n')}\n`;
}
/** Table rows, each added while the summary stays under its byte budget; the rest are counted. */
class Rows {
    size;
    omitted = 0;
    constructor(size) {
        this.size = size;
    }
    add(lines, row) {
        const bytes = Buffer.byteLength(row) + 1;
        if (this.size + bytes > SUMMARY_MAX_BYTES) {
            this.omitted += 1;
            return;
        }
        this.size += bytes;
        lines.push(row);
    }
    /** A line that is not a row (a heading, a sentence): always written, counted in the budget. */
    text(lines, ...text) {
        for (const line of text)
            this.size += Buffer.byteLength(line) + 1;
        lines.push(...text);
    }
}
// At a glance: succeeded, failed, cancelled, or a dry run (a "0 of 10 done" alone reads like success).
function headingOf(run, verdict) {
    const { status } = verdict;
    const total = run.settled.length;
    const icon = status === 'succeeded' ? (run.dryRun ? '🔎' : '✅') : status === 'cancelled' ? '⏹️' : '❌';
    const loginLive = run.logout && !run.logout.done ? '; the login token is NOT revoked' : '';
    if (run.dryRun) {
        const how = status === 'succeeded' ? 'dry run' : `dry run ${status}`;
        return `${icon} Infisical ${revocationOf(run)}, ${how}: nothing revoked${loginLive}`;
    }
    const done = run.settled.filter((s) => s.done).length;
    const what = total === 0
        ? status === 'succeeded'
            ? 'nothing to revoke'
            : 'nothing revoked'
        : `${done} of ${total} done`;
    return `${icon} Infisical ${revocationOf(run)} ${status}: ${what}${loginLive}`;
}
/** What the run revoked, for its heading: tokens, and client secrets when it was asked for them. */
function revocationOf(run) {
    return run.filters?.clientSecrets ? 'token and client secret revocation' : 'token revocation';
}
// The filters as given: what an auditor needs to tell why these tokens, and not others.
function describeFilters(filters) {
    const used = [
        ...(filters.olderThanMs === undefined
            ? []
            : [`older-than: ${describeDuration(filters.olderThanMs)}`]),
        ...(filters.tokenName === undefined
            ? []
            : [`token-name: ${escapeCell(JSON.stringify(filters.tokenName))}`]),
        ...(filters.keepNewest === undefined ? [] : [`keep-newest: ${filters.keepNewest}`]),
    ];
    const chose = [];
    if (filters.identityIds.length > 0 || filters.allIdentities) {
        chose.push(`the tokens of ${summary_whoseOf(filters.identityIds, filters.allIdentities)} (tokens-of-identity)`);
    }
    if (filters.clientSecrets) {
        const { identityIds, all } = filters.clientSecrets;
        chose.push(`the client secrets of ${summary_whoseOf(identityIds, all)} (client-secrets-of-identity)`);
    }
    if (filters.identityName !== undefined) {
        used.push(`identity-name: ${escapeCell(JSON.stringify(filters.identityName))}`);
    }
    return `Chose from ${chose.join(' and ')}${used.length > 0 ? ` with ${used.join(', ')}` : ''}.`;
}
/** "2 identities", "every identity of the organization", or both. */
function summary_whoseOf(identityIds, all) {
    const named = plural(identityIds.length, 'identity', 'identities');
    if (!all)
        return named;
    const every = 'every identity of the organization';
    return identityIds.length > 0 ? `${every} and ${named} named by id` : every;
}
function describeRun(c) {
    const parts = [];
    if (c.repository && c.runId) {
        const attempt = c.runAttempt && c.runAttempt !== '1' ? ` (attempt ${c.runAttempt})` : '';
        // The attempt's own page: a re-run's record must not link to another attempt.
        const attemptPath = c.runAttempt && /^\d+$/.test(c.runAttempt) ? `/attempts/${c.runAttempt}` : '';
        const link = c.serverUrl
            ? `[${c.repository} run ${c.runId}${attempt}](${c.serverUrl}/${c.repository}/actions/runs/${c.runId}${attemptPath})`
            : `${c.repository} run ${c.runId}${attempt}`;
        parts.push(`Run ${link}`);
    }
    if (c.workflow)
        parts.push(`workflow ${escapeCell(c.workflow)}${c.job ? `, job ${escapeCell(c.job)}` : ''}`);
    if (c.actor)
        parts.push(`actor @${escapeCell(c.actor)}`);
    parts.push(`server ${c.infisical}`);
    parts.push(c.phase === 'post' ? 'at job end (post step)' : 'in the step');
    parts.push(c.at.toISOString());
    return parts.join(' · ');
}
/** What became of a token, in the cells every table shares: result, read back, status, reqId, note. */
function resultCells({ result, done }) {
    return [
        result.outcomeUnknown ? '❓ outcome unknown' : LABELS[result.outcome](done),
        readBackCell(result.readBack),
        result.status === undefined ? '—' : String(result.status),
        result.reqId ?? '—',
        result.note ??
            (result.outcome === 'failed' ||
                result.outcome === 'not-found' ||
                (!done && result.outcome === 'already-revoked')
                ? result.message
                : result.readBack?.kind === 'unverified'
                    ? `not verified: ${result.readBack.why}`
                    : ''),
    ];
}
// What the server showed when the credential was read back after the revoke.
function readBackCell(readBack) {
    if (readBack === undefined)
        return '—';
    if (readBack.kind === 'shown')
        return 'shown by the server';
    if (readBack.kind === 'unverified')
        return '⚠️ unverified';
    return 'not read back';
}
const LABELS = {
    revoked: () => '✅ revoked',
    'already-revoked': (done) => (done ? '➖ already revoked' : '❌ already revoked'),
    'not-found': (done) => (done ? '➖ not found (may be live)' : '❌ not found (may be live)'),
    expired: () => '➖ already expired',
    failed: () => '❌ failed',
    'not-attempted': () => '⏹️ not attempted',
};
/**
 * Text a server holds that anyone with access to Infisical may have written (an identity's name, a
 * token's name, a client secret's description): its Markdown is shown, never rendered, so that a
 * name cannot make a link, an image that calls out, or an @mention in the audit record.
 */
function freeText(text) {
    return text.replace(/[\\`*_[\]()!@~]/g, '\\$&');
}
function freeTextOr(text) {
    return text === null ? '—' : freeText(text);
}
function escapeCell(text) {
    return text
        .replace(/\|/g, '\\|')
        .replace(/[\r\n]+/g, ' ')
        .replace(/</g, '&lt;');
}
// A dry run: what would have been revoked; tokens named in token-id apart from those chosen.
function dryRunMarkdown(run, dryRun) {
    const lines = [`**${dryRunLine(wouldRevoke(dryRun).length, secretsChosen(run))}**`, ''];
    const chosen = new Set((run.selection?.chosen.chosen ?? []).map((token) => token.id));
    const named = dryRun.filter((target) => target.self || !chosen.has(target.tokenId));
    const would = wouldRevoke(named);
    if (would.length > 0) {
        lines.push(`Named in token-id, would be revoked: ${would.map(describeTarget).join(', ')}.`, '');
    }
    const revoked = named.filter((one) => one.state === 'already-revoked');
    if (revoked.length > 0) {
        lines.push(`Named in token-id, already revoked: ${revoked.map(describeTarget).join(', ')}.`, '');
    }
    const missing = named.filter((one) => one.state === 'not-found');
    if (missing.length > 0) {
        lines.push(`Named in token-id, not found (never a Token Auth token, pruned, or a token of another login method, which may be live): ${missing.map(describeTarget).join(', ')}.`, '');
    }
    return lines;
}
// Per identity, one table: each token chosen (and what became of it: result, read-back, status,
// reqId), then each live token kept and why. Then the client secrets, likewise.
function selectionMarkdown(run, selection, at, rows) {
    const lines = [];
    if (selection.sweep?.organization || selection.sweep?.error) {
        lines.push(...sweepMarkdown(selection.sweep, rows));
    }
    const tokens = {
        noun: 'Token',
        field: 'Name',
        nameOf: (token) => token.name,
        results: new Map(run.settled.filter((s) => !s.result.clientSecretOf).map((s) => [s.result.tokenId, s])),
    };
    for (const [index, list] of selection.listed.entries()) {
        rows.text(lines, `#### Identity ${list.identityId}`, '');
        if (list.error) {
            rows.text(lines, `❌ ${escapeCell(list.error)}`, '');
            continue;
        }
        const choice = selection.chosen.identities[index];
        const live = list.tokens.filter((t) => !t.revoked).length;
        const listedLine = `Listed ${list.tokens.length} tokens (${live} not revoked)${list.full ? ' — the list is full: Infisical lists only the 200 most recently updated tokens, so older ones may be out of reach' : ''}`;
        lines.push(...choiceMarkdown(run, choice, listedLine, at, rows, tokens));
    }
    const secrets = selection.secrets;
    if (!secrets)
        return lines;
    const kind = {
        noun: 'Client secret',
        field: 'Description',
        nameOf: (secret) => secret.description,
        results: new Map(run.settled.filter((s) => s.result.clientSecretOf).map((s) => [s.result.tokenId, s])),
    };
    for (const [index, list] of secrets.listed.entries()) {
        rows.text(lines, `#### Client secrets of identity ${list.identityId}`, '');
        if (list.error) {
            rows.text(lines, `❌ ${escapeCell(list.error)}`, '');
            continue;
        }
        const listedLine = `Listed ${plural(list.secrets.length, 'live client secret')}`;
        lines.push(...choiceMarkdown(run, secrets.chosen.identities[index], listedLine, at, rows, kind));
    }
    return lines;
}
/** One identity's choice: what was listed and chosen, the notes, and the table. */
function choiceMarkdown(run, choice, listedLine, at, rows, kind) {
    const lines = [];
    const kept = choice?.kept ?? [];
    rows.text(lines, `${listedLine}; chose ${choice?.chosen.length ?? 0}.${kept.length > 0 ? ` Kept ${kept.length}: ${keptWhy(kept)}.` : ''}`, '');
    for (const note of choice?.notes ?? [])
        rows.text(lines, `- ${escapeCell(note)}`);
    if (choice?.notes.length)
        rows.text(lines, '');
    if (!choice?.chosen.length && kept.length === 0)
        return lines;
    // A dry run has no answers: its table is the choice alone.
    const [header, rule] = run.dryRun
        ? [
            `| ${kind.noun} | ${kind.field} | Created | Age | Result |`,
            '| --- | --- | --- | --- | --- |',
        ]
        : [
            `| ${kind.noun} | ${kind.field} | Created | Age | Result | Read back | HTTP status | reqId | Note |`,
            '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
        ];
    rows.text(lines, header, rule);
    const named = new Set((run.dryRun ?? []).map((looked) => looked.tokenId));
    const cellsOf = (item) => [
        item.id,
        freeTextOr(kind.nameOf(item)),
        item.createdAt.toISOString(),
        age(at.getTime() - item.createdAt.getTime()),
    ];
    const row = (cells) => `| ${cells.map(escapeCell).join(' | ')} |`;
    for (const item of choice?.chosen ?? []) {
        const settled = kind.results.get(item.id);
        const cells = run.dryRun
            ? ['🔎 would be revoked (dry run)']
            : settled
                ? resultCells(settled)
                : ['—', '—', '—', '—', ''];
        rows.add(lines, row([...cellsOf(item), ...cells]));
    }
    for (const { token: item, why } of kept) {
        // Kept by the filters, but named in token-id: what became of it, here only.
        const settled = kind.results.get(item.id);
        const cells = run.dryRun
            ? [
                named.has(item.id)
                    ? `🔎 named in token-id (the filters kept it: ${why})`
                    : `⏸️ kept: ${why}`,
            ]
            : settled
                ? withNote(resultCells(settled), `named in token-id; the filters kept it: ${why}`)
                : ['⏸️ kept', '—', '—', '—', `kept: ${why}`];
        rows.add(lines, row([...cellsOf(item), ...cells]));
    }
    rows.text(lines, '');
    return lines;
}
// The organization-wide sweep: which identities were swept, which skipped and why. The table is
// folded: an organization may have hundreds of identities.
function sweepMarkdown(sweep, rows) {
    const lines = [];
    if (sweep.error) {
        rows.text(lines, '#### The organization', '', `❌ ${escapeCell(sweep.error)}`, '');
        return lines;
    }
    const org = sweep.organization;
    const { identities } = org;
    const part = (field, what) => {
        const asked = identities.filter((i) => field in i);
        if (asked.length === 0)
            return undefined;
        const skipped = asked.filter((i) => i[field] !== undefined);
        const byWhy = new Map();
        for (const i of skipped)
            byWhy.set(i[field], (byWhy.get(i[field]) ?? 0) + 1);
        const why = [...byWhy.entries()]
            .map(([reason, n]) => `${escapeCell(reason)} (${n})`)
            .join(', ');
        return `Swept ${asked.length - skipped.length} of ${plural(asked.length, 'identity', 'identities')} for ${what}${skipped.length > 0 ? `; skipped ${skipped.length}: ${why}` : ''}.`;
    };
    rows.text(lines, `#### Organization ${org.id}`, '');
    for (const line of [part('tokens', 'Token Auth tokens'), part('secrets', 'client secrets')]) {
        if (line)
            rows.text(lines, line, '');
    }
    rows.text(lines, '<details><summary>Every identity of the organization</summary>', '', '| Identity | Name | Auth methods | Tokens | Client secrets |', '| --- | --- | --- | --- | --- |');
    const cell = (i, field) => !(field in i) ? '—' : i[field] === undefined ? 'swept' : `skipped: ${i[field]}`;
    for (const identity of identities) {
        const cells = [
            identity.id,
            freeTextOr(identity.name === '' ? null : identity.name),
            identity.authMethods.join(', ') || '—',
            cell(identity, 'tokens'),
            cell(identity, 'secrets'),
        ];
        rows.add(lines, `| ${cells.map(escapeCell).join(' | ')} |`);
    }
    rows.text(lines, '', '</details>', '');
    return lines;
}
/** Result cells with `first` before the note. */
function withNote(cells, first) {
    const note = cells[4] ? `${first}; ${cells[4]}` : first;
    return [...cells.slice(0, 4), note];
}
/** "created less than 7d ago (2), the newest (1)": why the kept tokens were kept, by reason. */
function keptWhy(kept) {
    const byWhy = new Map();
    for (const { why } of kept)
        byWhy.set(why, (byWhy.get(why) ?? 0) + 1);
    return [...byWhy.entries()].map(([why, n]) => `${escapeCell(why)} (${n})`).join(', ');
}
function age(ms) {
    const hours = ms / 3_600_000;
    if (hours < 48)
        return `${Math.max(0, Math.round(hours))} h`;
    return `${Math.round(hours / 24)} d`;
}

;// CONCATENATED MODULE: ./src/calls/pool.ts
// Running work with a bound on how much is in flight at once.
/**
 * Runs `work` over every item with at most `limit` calls in flight, and returns the results in the
 * items' order. Every item is tried, whatever happens to the others. The items may still be
 * arriving (an async iterable, such as a Feed): a worker takes the next one as it comes.
 */
async function mapWithConcurrency(items, limit, work) {
    const source = Array.isArray(items) ? null : items[Symbol.asyncIterator]();
    const list = items;
    const results = [];
    let next = 0;
    const take = async () => {
        if (source === null)
            return next < list.length ? { index: next, item: list[next++] } : undefined;
        const got = await source.next();
        return got.done ? undefined : { index: next++, item: got.value };
    };
    const worker = async () => {
        for (let one = await take(); one !== undefined; one = await take()) {
            results[one.index] = await work(one.item);
        }
    };
    const workers = source === null ? Math.min(limit, list.length) : limit;
    await Promise.all(Array.from({ length: workers }, worker));
    return results;
}
/** Runs each task given with at most `limit` running at once, in the order given. */
function limiter(limit) {
    let running = 0;
    const waiting = [];
    return async (task) => {
        // A place freed goes straight to the first task waiting (it is never counted free in between,
        // so a newcomer cannot slip in ahead and run one task too many).
        if (running >= limit || waiting.length > 0) {
            await new Promise((resolve) => waiting.push(resolve));
        }
        else
            running += 1;
        try {
            return await task();
        }
        finally {
            const next = waiting.shift();
            if (next)
                next();
            else
                running -= 1;
        }
    };
}

;// CONCATENATED MODULE: ./src/infisical/fields.ts
// Reading the fields of a row Infisical sent (a token, a client secret, a membership) strictly:
// a field misread could make the wrong credential look old enough to revoke.
// ISO 8601 as Infisical writes dates (2026-11-20T12:00:00.000Z, an offset allowed), nothing else:
// Date.parse reads "1" as the year 2001, which would make a new token "older than 7d".
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
/** A date field, or undefined when it is not an ISO 8601 date. */
function dateOf(value) {
    if (typeof value !== 'string' || !ISO_DATE.test(value))
        return undefined;
    const date = new Date(value);
    return Number.isNaN(date.getTime()) ? undefined : date;
}
/** A number field (Postgres bigints may come as strings); 0 when unreadable. */
function numberOf(value) {
    const number = typeof value === 'string' ? Number(value) : value;
    return typeof number === 'number' && Number.isFinite(number) ? number : 0;
}

;// CONCATENATED MODULE: ./src/infisical/client-secrets.ts





// A row carries clientSecretPrefix, the secret's first characters: a 200 in a shape the route
// does not accept is shown by its keys alone, never quoted (error bodies are still quoted: they
// carry Infisical's words, such as the 404 that names the identity).
const NO_ROWS_QUOTED = { quoteBodies: false };
/** A client secret list is small (no paging, a few rows of about 400 bytes); descriptions may be long. */
const SECRET_LIST_MAX_BYTES = 2 * 1024 * 1024;
const CLIENT_SECRET_HINTS = {
    permission: 'Revoking a client secret needs Identity → Delete on its identity (stricter than revoking a token, which needs Identity → Edit): give the identity behind the access token a role with Identity → Delete in the organization.',
    read: 'Listing client secrets needs Identity → Read on their identity: give the identity behind the access token a role with Identity → Read in the organization.',
    noUniversalAuth: 'Check client-secrets-of-identity: this identity does not use Universal Auth, so it has no client secrets. Nothing of it was revoked.',
    identity: "Check client-secrets-of-identity: no identity with this id is in the access token's organization (it may belong to another organization or region). Nothing of it was revoked.",
};
function secretsUrl(server, identityId) {
    return apiUrl(server, `/api/v1/auth/universal-auth/identities/${pathSegment(identityId)}/client-secrets`);
}
function secretListRequest(server, identityId, accessToken) {
    return {
        method: 'GET',
        url: secretsUrl(server, identityId),
        bearerToken: accessToken,
        maxBytes: SECRET_LIST_MAX_BYTES,
    };
}
function secretRevokeRequest(server, identityId, secretId, accessToken) {
    return {
        method: 'POST',
        url: `${secretsUrl(server, identityId)}/${pathSegment(secretId)}/revoke`,
        bearerToken: accessToken,
    };
}
/** Decides what an answer to the client-secret list means. */
function judgeSecretList(answer, identityId) {
    const reading = readAnswer(answer, isSecretList, 'a client secret list', NO_ROWS_QUOTED);
    if (reading.kind === 'failed')
        return reading;
    if (reading.kind === 'error') {
        const { status, error } = reading;
        const refused = refusal(status, error);
        if (refused)
            return { kind: 'failed', ...refused };
        const hint = isPermissionBoundary(status, error)
            ? HINTS.permissionBoundary
            : status === 403 && error.error === 'PermissionDenied'
                ? CLIENT_SECRET_HINTS.read
                : status === 404 && /\bidentity\b/i.test(error.message)
                    ? CLIENT_SECRET_HINTS.identity
                    : status === 400 && /universal/i.test(error.message)
                        ? CLIENT_SECRET_HINTS.noUniversalAuth
                        : undefined;
        return { kind: 'failed', ...failure(status, error, hint) };
    }
    const rows = reading.json.clientSecretData;
    const secrets = [];
    for (const [index, row] of rows.entries()) {
        const secret = readSecret(row, identityId.toLowerCase());
        if (typeof secret === 'string') {
            return {
                kind: 'failed',
                status: 200,
                message: `OK, but JSON that is not a client secret list: row ${index + 1} of ${rows.length} ${secret}`,
            };
        }
        // The list holds live secrets only; a revoked row from another server version is not a candidate.
        if (secret !== undefined)
            secrets.push(secret);
    }
    return { kind: 'ok', secrets };
}
function isSecretList(json) {
    return isRecord(json) && Array.isArray(json.clientSecretData);
}
function readSecret(row, identityId) {
    if (!isRecord(row))
        return 'is not an object';
    const { id, description, clientSecretPrefix, isClientSecretRevoked } = row;
    if (typeof id !== 'string' || !isUuid(id))
        return 'has no client secret id';
    if (description !== undefined && description !== null && typeof description !== 'string') {
        return 'has a description that is not a string';
    }
    const createdAt = dateOf(row.createdAt);
    if (createdAt === undefined)
        return 'has no readable createdAt';
    if (isClientSecretRevoked === true)
        return undefined;
    return {
        id: id.toLowerCase(),
        identityId,
        // Infisical stores "" for a secret created without one: no description either way.
        description: typeof description === 'string' && description !== '' ? description : null,
        createdAt,
        ...(typeof clientSecretPrefix === 'string' ? { prefix: clientSecretPrefix } : {}),
    };
}
/**
 * What an answer to the client-secret revoke means. Infisical's success is the secret's own row
 * (`clientSecretData` with this id, revoked); its 404 for an unknown secret names the identity.
 */
function judgeSecretRevoke(answer, secretId, identityId) {
    const reading = readAnswer(answer, isSecretRowFor(secretId), 'a client secret revoke answer', NO_ROWS_QUOTED);
    if (reading.kind === 'ok') {
        const { clientSecretData } = reading.json;
        if (clientSecretData.isClientSecretRevoked === true) {
            return { kind: 'revoked', message: 'Infisical answered the client secret revoked' };
        }
        return {
            kind: 'unconfirmed',
            status: 200,
            // Not quoted: the row holds the secret's prefix.
            message: "OK, but the client secret's row is not marked revoked (isClientSecretRevoked is not true)",
        };
    }
    if (reading.kind === 'failed') {
        return answer.status === 200
            ? { kind: 'unconfirmed', status: 200, message: reading.message, hint: reading.hint }
            : reading;
    }
    const { status, error } = reading;
    // The service looks the secret up under the identity and, finding none, names the identity.
    if (status === 404 &&
        error.error === 'NotFound' &&
        new RegExp(`^Failed to find identity with ID ${identityId}\\.?$`, 'i').test(error.message)) {
        return {
            kind: 'gone',
            status,
            reqId: error.reqId,
            errorName: error.error,
            message: `${error.message} (Infisical's answer for a client secret it does not find under this identity)`,
        };
    }
    const refused = refusal(status, error);
    if (refused)
        return { kind: 'failed', ...refused };
    const hint = status === 403 && error.error === 'PermissionDenied'
        ? CLIENT_SECRET_HINTS.permission
        : undefined;
    return { kind: 'failed', ...failure(status, error, hint) };
}
// The row asked for, and no other: a cache keyed wrongly must not lend another secret's state.
function isSecretRowFor(secretId) {
    return (json) => isRecord(json) &&
        isRecord(json.clientSecretData) &&
        typeof json.clientSecretData.id === 'string' &&
        json.clientSecretData.id.toLowerCase() === secretId.toLowerCase();
}
/**
 * What the live list shows of a client secret after its revoke: gone from it (revoked), still in
 * it (live), or nothing (the list could not be read).
 */
function judgeSecretReadBack(answer, identityId, secretId) {
    const verdict = judgeSecretList(answer, identityId);
    if (verdict.kind === 'failed') {
        return {
            ...verdict,
            kind: 'unreadable',
            message: `${verdict.status} ${[verdict.errorName, verdict.message].filter(Boolean).join(' — ')}`,
        };
    }
    return verdict.secrets.some((secret) => secret.id === secretId.toLowerCase())
        ? { kind: 'live' }
        : { kind: 'revoked' };
}
/** A short, safe form of a description for messages: free text a user typed, cut. */
function describeDescription(description) {
    return description === null ? 'no description' : quotePrefix(description, 40);
}

;// CONCATENATED MODULE: ./src/infisical/token-auth.ts


const TOKEN_AUTH_HINTS = {
    kindOfToken: "access-token is not an identity access token (a service token, or another kind of token): the revoke route takes only access tokens of machine identities (or a user session). Pass an access token of an identity allowed to edit the tokens' identity.",
    permission: "The identity behind access-token may not edit the token's identity: it needs Identity → Edit in its organization role (or, for a project-scoped identity, in the project's role).",
    otherOrganization: "The token was NOT revoked: its identity is not in the access token's organization. The access token may belong to another organization, or to another region (https://eu.infisical.com and https://app.infisical.com are separate); a 404 of this kind never counts as already gone.",
};
/**
 * The revoke route for one token. The id is a single path segment whatever it holds: it is
 * percent-encoded, dots included, so no value can climb out of the route.
 */
function revokeUrl(server, tokenId) {
    return apiUrl(server, `/api/v1/auth/token-auth/tokens/${pathSegment(tokenId)}/revoke`);
}
function revokeRequest(server, tokenId, accessToken) {
    return { method: 'POST', url: revokeUrl(server, tokenId), bearerToken: accessToken };
}
/** The token lookup's own 404: the only answer that means "already gone". */
function isTokenNotFound(message) {
    // The sentence exactly (identity-token-auth-service.ts, revokeTokenAuthToken): a route miss
    // through a proxy prefix, or any other NotFound, is no word on the token.
    return /^Token with ID \S+ not found or already revoked\.?$/i.test(message);
}
/** Decides what an answer to the Token Auth revoke route means. */
function judgeRevoke(answer) {
    const success = judgeRevokeSuccess(answer);
    if (success)
        return success;
    const reading = readAnswer(answer, isMessageAnswer, 'a revoke answer');
    if (reading.kind !== 'error')
        return reading;
    const { status, error } = reading;
    if (status === 404 && isTokenNotFound(error.message))
        return goneVerdict('gone', status, error);
    if (status === 404) {
        return { kind: 'failed', ...failure(status, error, TOKEN_AUTH_HINTS.otherOrganization) };
    }
    const refused = refusal(status, error);
    if (refused)
        return { kind: 'failed', ...refused };
    // A bearer that is not an identity access token (a service token `st.…`): a wrong kind of
    // token, not a missing permission (verify-auth.ts: "Forbidden access to <url>").
    if (status === 403 &&
        /forbidden access to|ForbiddenRequest/i.test(`${error.error} ${error.message}`)) {
        return { kind: 'failed', ...failure(status, error, TOKEN_AUTH_HINTS.kindOfToken) };
    }
    if (isPermissionBoundary(status, error)) {
        return { kind: 'failed', ...failure(status, error, HINTS.permissionBoundary) };
    }
    if (status === 403)
        return { kind: 'failed', ...failure(status, error, TOKEN_AUTH_HINTS.permission) };
    return { kind: 'failed', ...failure(status, error) };
}

;// CONCATENATED MODULE: ./src/infisical/token.ts


const NOT_AN_IDENTITY_TOKEN = 'access-token is not an Infisical identity access token that this server issued (a token of another server or region, or not an access token).';
function selfRevokeRequest(server, accessToken) {
    return {
        method: 'POST',
        url: apiUrl(server, '/api/v1/auth/token/revoke'),
        json: { accessToken },
    };
}
/** Decides what an answer to the access-token revoke route means. */
function judgeSelfRevoke(answer) {
    const success = judgeRevokeSuccess(answer);
    if (success)
        return success;
    const reading = readAnswer(answer, isMessageAnswer, 'a revoke answer');
    if (reading.kind !== 'error')
        return reading;
    const { status, error } = reading;
    // Already revoked: older servers' words, and current servers' for a token issued before the
    // redesign whose row is revoked or pruned (identity-access-token-service.ts, revokeAccessToken).
    if (status === 401 &&
        /no identity access token found|cannot renew revoked or unknown access token/i.test(error.message)) {
        return goneVerdict('gone', status, error);
    }
    if (status === 403 && error.error === 'TokenError' && /expired/i.test(error.message)) {
        return goneVerdict('expired', status, error);
    }
    if (status === 401 || status === 400 || status === 403) {
        return { kind: 'failed', ...failure(status, error, NOT_AN_IDENTITY_TOKEN) };
    }
    if (status === 404)
        return { kind: 'failed', ...failure(status, error, HINTS.serverUrl) };
    return { kind: 'failed', ...failure(status, error) };
}

;// CONCATENATED MODULE: ./src/revoke/read-back.ts
// One read-back of a credential after its revoke, and what it showed: a Token Auth token's row by
// id, the access token used itself (`self`), or a client secret's absence from its identity's live
// list. A read that shows the credential live is made once more, a second later: Infisical may read
// from a replica that lags behind the revoke.




/** A read-back that shows a credential live is read once more after this long: a replica may lag. */
const READ_AGAIN_MS = 1000;
// A read-back that shows a token live is read once more: a replica may lag behind the revoke.
async function readBackTwiceIfLive(target, ctx, reads) {
    const first = await readBack(target, ctx, reads);
    if (first.kind !== 'live' || reads.stop.aborted)
        return first;
    await reads.sleep(READ_AGAIN_MS);
    return reads.stop.aborted ? first : readBack(target, ctx, reads);
}
function readBackOf(shown, noun = 'token') {
    if (shown === undefined)
        return { kind: 'off' };
    if (shown.kind === 'unreadable')
        return { kind: 'unverified', why: whyUnread(shown, noun) };
    return { kind: 'shown' };
}
/** One read-back: the row of a Token Auth token by id, or the access token used itself. */
async function readBack(target, ctx, reads) {
    const secretOf = target.clientSecretOf;
    const request = secretOf !== undefined
        ? secretListRequest(ctx.server, secretOf, ctx.accessToken)
        : target.self
            ? detailsRequest(ctx.server, ctx.accessToken)
            : tokenRequest(ctx.server, target.tokenId, ctx.accessToken);
    const done = await attempt(request, `read back ${describeTarget(target)}`, reads);
    if (done.kind === 'stopped') {
        return { kind: 'unreadable', status: 0, message: 'the run stopped before the read-back' };
    }
    if (done.kind === 'no-answer') {
        return { kind: 'unreadable', status: 0, message: `no answer: ${done.error.message}` };
    }
    if (secretOf !== undefined)
        return judgeSecretReadBack(done.answer, secretOf, target.tokenId);
    return target.self ? judgeTokenUse(done.answer) : judgeTokenRead(done.answer, target.tokenId);
}
function whyUnread(shown, noun) {
    const permission = shown.status === 403 && shown.errorName === 'PermissionDenied'
        ? ` (reading a ${noun} back needs Identity → Read on its identity)`
        : shown.status === 404 && shown.errorName === 'Not Found'
            ? ' (an older server without this route?)'
            : '';
    const reqId = shown.reqId ? ` (reqId: ${shown.reqId})` : '';
    return `${shown.message.replace(/\.$/, '')}${reqId}${permission}`;
}

;// CONCATENATED MODULE: ./src/revoke/client-secret.ts
// What a client secret's revoke did, decided from what the server shows after it: the secret must
// be gone from its identity's live list (Infisical lists live secrets only). The same rules as for
// tokens (revoke/one.ts): Infisical's own success answer with a read-back that cannot be made is
// revoked, unverified; any other 200 counts only when the read-back shows the secret gone; a lost
// answer is decided by the read-back alone.


const GONE = 'the read-back shows it gone from the live list';
async function confirmSecret(sent, ctx) {
    if (sent.result)
        return sent.result;
    const { target, attempts } = sent;
    const base = {
        tokenId: target.tokenId,
        self: false,
        clientSecretOf: target.clientSecretOf,
        attempts,
    };
    const shown = ctx.reads ? await readBackTwiceIfLive(target, ctx, ctx.reads) : undefined;
    const readBack = readBackOf(shown, 'client secret');
    const lost = sent.lost;
    if (lost) {
        // It was in the live list when chosen, so gone now means revoked by this run's lost attempt.
        if (shown?.kind === 'revoked') {
            return {
                ...base,
                outcome: 'revoked',
                message: GONE,
                readBack,
                note: `an attempt reached the server but its answer was lost; ${GONE}, so that attempt revoked it`,
            };
        }
        if (shown?.kind === 'live')
            return { ...lost, readBack, unreachable: false };
        return { ...lost, readBack, outcomeUnknown: true };
    }
    const { verdict, said } = answeredOf(sent);
    if (shown?.kind === 'live') {
        return {
            ...base,
            ...said,
            outcome: 'failed',
            readBack,
            message: `${verdict.message}; yet the read-back lists it: the client secret is still live`,
            hint: verdict.kind === 'unconfirmed' ? (verdict.hint ?? IN_FRONT_HINT) : undefined,
        };
    }
    // Infisical's 404 for a secret it does not find under the identity (a revoked one answers 200).
    if (verdict.kind === 'gone')
        return { ...base, ...said, outcome: 'not-found', readBack };
    if (verdict.kind === 'revoked')
        return { ...base, ...said, outcome: 'revoked', readBack };
    if (shown?.kind === 'revoked') {
        return {
            ...base,
            ...said,
            outcome: 'revoked',
            readBack,
            note: `the answer was not Infisical's success answer, but ${GONE}`,
        };
    }
    return {
        ...base,
        ...said,
        outcome: 'failed',
        readBack,
        hint: verdict.hint,
        message: `${verdict.message}; the client secret could not be shown revoked (${readBack.kind === 'unverified' ? readBack.why : 'verify is false'}), so it may still work`,
    };
}

;// CONCATENATED MODULE: ./src/revoke/one.ts
// Revokes one token and reads it back: attempts, retries, and what the answers mean together. No
// runner I/O here: the caller passes a logger, the HTTP function, the pacers and a stop signal, and
// gets a result back. What is reported as revoked is what the server shows after the revoke
// (docs/infisical-api.md, "Read back"): a 200 proves nothing on a current server, and something
// in front of Infisical can answer 200 too.








/** A last answer that says nothing of what an earlier attempt did. */
const SERVER_TROUBLE = new Set([500, 502, 503, 504]);
const IN_FRONT_HINT = 'Something in front of Infisical (a gateway, a WAF, a cache) may have answered instead of the server.';
const LOST_READ_BACK_NOTE = 'an attempt reached the server but its answer was lost; the read-back shows the token revoked, so that attempt revoked it';
const LOST_ANSWER_NOTE = 'an earlier attempt reached the server but its answer was lost; the retry found the token already revoked, so that attempt revoked it';
/** How far the server's clock may be behind the runner's when a row's updatedAt is compared. */
const CLOCK_MARGIN_MS = 60_000;
async function revokeToken(target, ctx) {
    return one_confirm(await sendRevoke(target, ctx), ctx);
}
/** Sends the revoke (with its retries); the read-back is `confirm`'s. */
async function sendRevoke(target, ctx) {
    const { request, judge } = routeOf(target, ctx);
    const base = {
        tokenId: target.tokenId,
        self: target.self,
        ...(target.clientSecretOf !== undefined ? { clientSecretOf: target.clientSecretOf } : {}),
    };
    const startedAt = Date.now();
    const done = await attempt(request, `revoke ${describeTarget(target)}`, ctx);
    if (done.kind === 'stopped') {
        const result = done.attempts === 0
            ? {
                ...base,
                outcome: 'not-attempted',
                message: 'not attempted: the run stopped before it',
                attempts: 0,
            }
            : done.mayHaveLanded
                ? {
                    ...base,
                    outcome: 'failed',
                    message: `an earlier attempt may have reached the server without its answer coming back (${done.lastReason}), and the run stopped before a retry`,
                    attempts: done.attempts,
                    outcomeUnknown: true,
                }
                : {
                    ...base,
                    outcome: 'failed',
                    message: `${done.lastReason}; not retried: the run stopped`,
                    attempts: done.attempts,
                };
        return {
            target,
            result,
            attempts: done.attempts,
            mayHaveLanded: done.mayHaveLanded,
            startedAt,
        };
    }
    if (done.kind === 'no-answer' && done.error.code === 'ECANCELED') {
        // Cut off by the cancel while in flight: it may have reached the server and revoked the token.
        const result = {
            ...base,
            outcome: 'failed',
            message: 'the revoke was in flight when the run was cancelled, and was cut off before its answer came',
            attempts: done.attempts,
            outcomeUnknown: true,
        };
        return { target, result, attempts: done.attempts, mayHaveLanded: true, startedAt };
    }
    if (done.kind === 'no-answer') {
        const result = {
            ...base,
            outcome: 'failed',
            message: `no answer from Infisical at ${describeServer(ctx.server)}: ${done.error.message}`,
            attempts: done.attempts,
            unreachable: !done.heard && done.error.code !== 'ECANCELED',
        };
        const sent = { target, attempts: done.attempts, mayHaveLanded: done.mayHaveLanded, startedAt };
        // An attempt may have landed: what the server shows decides, not the missing answer.
        return done.mayHaveLanded ? { ...sent, lost: result } : { ...sent, result };
    }
    const verdict = judge(done.answer);
    const sent = {
        target,
        verdict,
        attempts: done.attempts,
        mayHaveLanded: done.mayHaveLanded,
        startedAt,
    };
    if (verdict.kind === 'failed') {
        const { message, status, errorName, reqId, hint, refused } = verdict;
        const result = {
            ...base,
            ...{ outcome: 'failed', status, errorName, reqId, hint, refused, message },
            attempts: done.attempts,
        };
        // The last attempt's gateway trouble after one that may have landed: the read-back decides.
        const lost = done.mayHaveLanded && !refused && SERVER_TROUBLE.has(status);
        return lost ? { ...sent, lost: result } : { ...sent, result };
    }
    if (verdict.kind === 'expired') {
        const { status, errorName, reqId, message } = verdict;
        const result = {
            ...base,
            ...{ outcome: 'expired', status, errorName, reqId, message },
            attempts: done.attempts,
        };
        return { ...sent, result };
    }
    return sent;
}
/** The route that revokes a target, and what its answers mean. */
function routeOf(target, ctx) {
    const identityId = target.clientSecretOf;
    if (identityId !== undefined) {
        return {
            request: secretRevokeRequest(ctx.server, identityId, target.tokenId, ctx.accessToken),
            judge: (answer) => judgeSecretRevoke(answer, target.tokenId, identityId),
        };
    }
    if (target.self)
        return { request: selfRevokeRequest(ctx.server, ctx.accessToken), judge: judgeSelfRevoke };
    return {
        request: revokeRequest(ctx.server, target.tokenId, ctx.accessToken),
        judge: judgeRevoke,
    };
}
/** A sent revoke's verdict, and what the server said in it, as a result's fields. */
function answeredOf(sent) {
    const verdict = sent.verdict;
    const said = verdict.kind === 'gone'
        ? {
            status: verdict.status,
            errorName: verdict.errorName,
            reqId: verdict.reqId,
            message: verdict.message,
        }
        : { status: verdict.kind === 'unconfirmed' ? verdict.status : 200, message: verdict.message };
    return { verdict, said };
}
/** Reads back what the revoke answered, and decides its outcome from what the server shows. */
async function one_confirm(sent, ctx) {
    if (sent.result)
        return sent.result;
    if (sent.target.clientSecretOf !== undefined)
        return confirmSecret(sent, ctx);
    if (sent.lost)
        return confirmLost(sent, sent.lost, ctx);
    const { target, attempts, mayHaveLanded } = sent;
    const { verdict, said } = answeredOf(sent);
    const base = { tokenId: target.tokenId, self: target.self, attempts };
    const shown = ctx.reads ? await readBackTwiceIfLive(target, ctx, ctx.reads) : undefined;
    const checked = readBackOf(shown);
    const dead = shown?.kind === 'revoked' || shown?.kind === 'expired';
    if (shown?.kind === 'live') {
        // The status is the line's own prefix: the message says what came with it, and that the
        // token still works.
        return {
            ...base,
            ...said,
            outcome: 'failed',
            readBack: checked,
            message: `${verdict.message}, but the token still works: the read-back shows it live`,
            hint: verdict.kind === 'gone'
                ? undefined
                : verdict.kind === 'unconfirmed' && verdict.hint
                    ? verdict.hint
                    : IN_FRONT_HINT,
        };
    }
    if (shown?.kind === 'other-organization' && verdict.kind !== 'gone') {
        // The organization check the revoke route makes too: this access token cannot have revoked it.
        return {
            ...base,
            ...said,
            outcome: 'failed',
            readBack: checked,
            message: `${verdict.message}, but the read-back answers ${shown.message}: the token's identity is not in the access token's organization, so this access token cannot have revoked it`,
            hint: TOKEN_AUTH_HINTS.otherOrganization,
        };
    }
    if (verdict.kind === 'revoked') {
        // Infisical's own success answer. A row gone right after it was pruned, or was never a Token
        // Auth row (a login token, which the route cannot revoke): say so, unverified.
        const gone = shown?.kind === 'no-row'
            ? {
                kind: 'unverified',
                why: 'no Token Auth row answers to this id any more: pruned right after the revoke, or never a Token Auth token (a login token, which stays live)',
            }
            : undefined;
        return { ...base, ...said, outcome: 'revoked', readBack: gone ?? checked };
    }
    if (verdict.kind === 'unconfirmed') {
        if (dead) {
            return {
                ...base,
                ...said,
                outcome: 'revoked',
                readBack: checked,
                note: "the answer was not Infisical's success answer, but the read-back shows the token revoked",
            };
        }
        if (shown?.kind === 'no-row' && !target.self) {
            return {
                ...base,
                ...said,
                outcome: 'not-found',
                readBack: checked,
                message: `${verdict.message}; and no Token Auth token with this id is visible to the access token`,
            };
        }
        return {
            ...base,
            ...said,
            outcome: 'failed',
            readBack: checked,
            hint: verdict.hint,
            message: `${verdict.message}; the token could not be shown revoked (${checked.kind === 'unverified' ? checked.why : 'verify is false'}), so it may still work`,
        };
    }
    // The token lookup's own "not found or already revoked" (or a self-revoke's "already revoked").
    if (dead) {
        return mayHaveLanded && !revokedBefore(shown, sent.startedAt)
            ? { ...base, ...said, outcome: 'revoked', readBack: checked, note: LOST_ANSWER_NOTE }
            : { ...base, ...said, outcome: 'already-revoked', readBack: checked };
    }
    // Unread: a self-revoke's 401 is Infisical's own word that the token is gone; a lookup's 404
    // cannot tell a revoked token from one that is not a Token Auth token (a live login token).
    return {
        ...base,
        ...said,
        outcome: target.self ? 'already-revoked' : 'not-found',
        readBack: checked,
    };
}
/**
 * A failure whose request may have landed: revoked when the server shows the token dead (and
 * not revoked before this run), a plain failure when it shows it live, else "outcome unknown".
 */
async function confirmLost(sent, lost, ctx) {
    if (!ctx.reads)
        return { ...lost, outcomeUnknown: true, readBack: { kind: 'off' } };
    const shown = await readBackTwiceIfLive(sent.target, ctx, ctx.reads);
    const readBack = readBackOf(shown);
    if (shown.kind === 'revoked' || shown.kind === 'expired') {
        const base = { tokenId: lost.tokenId, self: lost.self, attempts: lost.attempts, readBack };
        return revokedBefore(shown, sent.startedAt)
            ? {
                ...base,
                outcome: 'already-revoked',
                message: 'the server shows it revoked before this run',
            }
            : {
                ...base,
                outcome: 'revoked',
                message: 'the server shows it revoked',
                note: `${LOST_READ_BACK_NOTE} (the last attempt: ${lost.status === undefined ? '' : `${lost.status} `}${lost.message.replace(/\.$/, '')})`,
            };
    }
    if (shown.kind === 'live')
        return { ...lost, readBack, unreachable: false };
    return { ...lost, readBack, outcomeUnknown: true };
}
// A row revoked well before this run's first attempt was revoked by someone else.
function revokedBefore(shown, startedAt) {
    return (shown?.kind === 'revoked' &&
        shown.updatedAt !== undefined &&
        shown.updatedAt.getTime() < startedAt - CLOCK_MARGIN_MS);
}

;// CONCATENATED MODULE: ./src/revoke/settle.ts
// Decides, for each token, whether the step counts it as done, and says so: one line for the log,
// and, for a token that is not done, its reason as data (the same for every token that failed the
// same way), which the report groups on. Rewording a line never regroups failures.


function settle(result, policy) {
    const name = describeTarget(result);
    const Name = capitalise(name);
    // What the server said, with and without the reqId (the reason leaves it out, and the id too).
    const said = (withReqId = true) => `${result.status} ${result.errorName ?? ''} — ${sentence(result.message, withReqId ? result.reqId : undefined)}`;
    switch (result.outcome) {
        case 'revoked': {
            const unverified = result.readBack?.kind === 'unverified'
                ? ` Not verified: the read-back could not be made (${result.readBack.why}).`
                : '';
            return {
                result,
                done: true,
                line: `Revoked ${name}: ${sentence(result.message)}${result.note ? ` Note: ${sentence(result.note)}` : ''}${unverified}`,
            };
        }
        case 'already-revoked': {
            if (policy.ignoreNotFound) {
                return {
                    result,
                    done: true,
                    line: `${Name} was already revoked (${said().replace(/\.$/, '')}); counted as done because ignore-not-found is true.`,
                };
            }
            return {
                result,
                done: false,
                line: `Could not revoke ${name}: it was already revoked (${said().replace(/\.$/, '')}). ${ADVICE}`,
                reason: withoutId(`could not be revoked: it was already revoked (${said(false).replace(/\.$/, '')}). ${ADVICE}`, result.tokenId),
            };
        }
        case 'not-found': {
            // The Token Auth route says the same for a live token of another login method.
            const caveat = result.self || result.clientSecretOf !== undefined
                ? ''
                : ' (Infisical says the same of a token of another login method, such as an OIDC or Universal Auth login, which stays live: revoke those with token-id: self and their own access token.)';
            if (policy.ignoreNotFound) {
                return {
                    result,
                    done: true,
                    line: `${Name} was not found (${said().replace(/\.$/, '')}); counted as done because ignore-not-found is true.${caveat}`,
                };
            }
            return {
                result,
                done: false,
                line: `Could not revoke ${name}: ${said()} ${ADVICE}${caveat}`,
                reason: withoutId(`could not be revoked: ${said(false)} ${ADVICE}${caveat}`, result.tokenId),
            };
        }
        case 'expired':
            return {
                result,
                done: true,
                line: `${Name} has already expired, so there is nothing left to revoke (${said().replace(/\.$/, '')}).`,
            };
        case 'not-attempted':
            return { result, done: false, line: `${Name} was not attempted: the run stopped before it.` };
        case 'failed': {
            if (result.outcomeUnknown) {
                // Not "could not revoke": the request may have landed, and the reader must check it.
                const unknown = `${sentence(result.message)} ${UNKNOWN_ADVICE}`;
                return {
                    result,
                    done: false,
                    line: `Outcome unknown for ${name}: ${unknown}`,
                    reason: withoutId(`outcome unknown: ${unknown}`, result.tokenId),
                };
            }
            const after = result.attempts > 1 ? ` after ${result.attempts} attempts` : '';
            const status = result.status === undefined ? '' : `${result.status} `;
            const hint = result.hint ? ` ${result.hint}` : '';
            return {
                result,
                done: false,
                line: `Could not revoke ${name}${after}: ${status}${sentence(result.message, result.reqId)}${hint}`,
                reason: withoutId(`could not be revoked: ${status}${sentence(result.message)}${hint}`, result.tokenId),
            };
        }
    }
}
const UNKNOWN_ADVICE = 'It may or may not be revoked: check it in Infisical, or run the revoke again for it.';
const ADVICE = 'To count a token that is already revoked or not found as done, set ignore-not-found: true.';
// The token's own id, wherever the server's words repeat it, as <id>: the same failure of two
// tokens is one reason.
function withoutId(text, tokenId) {
    if (!/^[0-9a-f-]+$/.test(tokenId))
        return text;
    return text.replace(new RegExp(tokenId, 'gi'), '<id>');
}

;// CONCATENATED MODULE: ./src/revoke/all.ts





/**
 * Revokes the plan's batch, then whatever `more` brings while the selection is still listing (its
 * choices, identity by identity), then the plan's last token alone.
 */
async function revokeAll(plan, policy, ctx, more) {
    const { batch, last, notes } = plan;
    for (const note of notes)
        ctx.log(note);
    // Known so far: the feed may still bring more.
    const known = () => batch.length + (more?.pushed ?? 0) + (last ? 1 : 0);
    let started = 0;
    // Whether any revoke has had an answer: a server that answered none is unreachable for them
    // (whatever a login or a list page got before: a WAF may drop only the revokes).
    let answered = false;
    // Read-backs overlap the revokes: a worker sends its next revoke while the last one is read back
    // (reads have their own budget on Infisical Cloud), at most `concurrency` reads at a time.
    const reading = limiter(ctx.concurrency);
    // The read-back comes back wrapped: an async function returning a bare promise would make the
    // worker wait for the read too, and the revokes would no longer overlap the reads.
    const revokeOne = async (target) => {
        started += 1;
        const sent = await sendRevoke(target, ctx);
        // Settled by its answer alone (a refusal, no answer): said at once, so that the batch stops.
        if (sent.result)
            return { settled: Promise.resolve(settleOne(sent.result)) };
        // A lost answer is read back before it settles; whether to stop the tokens not begun yet is
        // decided now, on the answer the revoke got, so that a server that answers nothing does not
        // take the whole batch along. (With nothing left to stop, the read-back goes ahead.)
        if (sent.lost && anyLeft())
            stopIfHopeless(sent.lost);
        return { settled: reading(() => one_confirm(sent, ctx)).then(settleOne) };
    };
    const settleOne = (result) => {
        stopIfHopeless(result);
        const outcome = settle(result, policy);
        ctx.settled(outcome, known());
        return outcome;
    };
    function stopIfHopeless(result) {
        answered ||= result.status !== undefined;
        // Worth a stop (and the words "the batch stopped") only while a token has not begun: those in
        // flight finish either way.
        const left = anyLeft();
        if (result.refused) {
            ctx.stopping.halt({
                kind: 'refused',
                reason: `Infisical refused the access token (${result.status} ${result.errorName ?? ''}) when revoking ${describeTarget(result)}: every other request would be refused too, so the batch stopped.`,
            }, left);
        }
        else if (result.unreachable && !answered) {
            ctx.stopping.halt({
                kind: 'unreachable',
                reason: `Infisical at ${describeServer(ctx.server)} could not be reached for the revokes (every attempt for ${describeTarget(result)} failed on the network), so the batch stopped.`,
            }, left);
        }
    }
    const anyLeft = () => started < known() || (more !== undefined && !more.done);
    const sent = await mapWithConcurrency(more ? targetsOf(batch, more) : batch, ctx.concurrency, revokeOne);
    const settled = await Promise.all(sent.map((one) => one.settled));
    // Last, once every other token is read back: revoking it ends the access token's right to read.
    if (last)
        settled.push(await (await revokeOne(last)).settled);
    return settled;
}
async function* targetsOf(batch, more) {
    yield* batch;
    yield* more;
}
/** Every planned token as not attempted: the run stopped before it could start (a failed login). */
function notAttempted(plan, policy) {
    return inOrder(plan).map((target) => settle({ ...target, outcome: 'not-attempted', message: 'not attempted', attempts: 0 }, policy));
}

;// CONCATENATED MODULE: ./src/report/refused.ts





/**
 * The run of refused inputs: every token the inputs name (when token-id could be read) not
 * attempted. `ownTokenId` names the access token's own token, for `self`.
 */
function refusedRun(named, ownTokenId) {
    if (!named)
        return { settled: [] };
    return { settled: notAttempted(planOf(named, ownTokenId), { ignoreNotFound: false }) };
}
/** Every output, as for any run: counts of zero but the not attempted, `message` the error line. */
function refusedOutputs(run, error) {
    return outputsOf(run, { ...judge(run), message: error });
}
/** The job summary of a run whose inputs were refused before any request. */
function refusedMarkdown(run, error, context) {
    const heading = context.phase === 'post'
        ? 'Infisical token revocation at job end failed: nothing revoked, the tokens are still live'
        : 'Infisical token revocation failed: nothing revoked';
    const lines = [
        `### ${heading}`,
        '',
        contextLine(context),
        '',
        `**Nothing was revoked:** the inputs were refused before any request. ${refused_escape(error)}`,
        '',
        ...stillLive(run, context.phase),
    ];
    return `${lines.join('\n')}\n`;
}
/**
 * What a run stopped by a refused login adds to its summary: that nothing was revoked, and, at
 * job end, that the tokens are still live.
 */
function loginRefusedMarkdown(run, phase) {
    const lines = [
        '**Nothing was revoked:** the action could not log in to Infisical, so it tried no token.',
        '',
        ...stillLive(run, phase),
    ];
    return `${lines.join('\n')}\n`;
}
// The tokens the run named, which nothing revoked: in the post step they stay live after the job.
function stillLive(run, phase) {
    const targets = run.settled.map((s) => describeTarget(s.result));
    const named = targets.length === 0
        ? ''
        : ` ${plural(targets.length, 'token')} named, not attempted: ${targets.map(refused_escape).join(', ')}.`;
    if (phase === 'post') {
        return [
            `> **Still live:** this was the revoke at job end, and no step runs after it: the tokens it was to revoke keep working until they expire or are revoked another way.${named}`,
            '',
        ];
    }
    return named ? [named.trim(), ''] : [];
}
function contextLine(c) {
    const parts = [];
    if (c.repository && c.runId) {
        const attempt = c.runAttempt && c.runAttempt !== '1' ? ` (attempt ${c.runAttempt})` : '';
        const name = `${refused_escape(c.repository)} run ${refused_escape(c.runId)}${attempt}`;
        parts.push(c.serverUrl
            ? `Run [${name}](${c.serverUrl}/${c.repository}/actions/runs/${c.runId}${c.runAttempt ? `/attempts/${c.runAttempt}` : ''})`
            : `Run ${name}`);
    }
    if (c.workflow)
        parts.push(`workflow ${refused_escape(c.workflow)}${c.job ? `, job ${refused_escape(c.job)}` : ''}`);
    parts.push(c.phase === 'post' ? 'at job end (post step)' : 'in the step');
    parts.push(c.at.toISOString());
    return parts.join(' · ');
}
// One line of Markdown text: no table breaks, no HTML.
function refused_escape(text) {
    return text
        .replace(/\|/g, '\\|')
        .replace(/[\r\n]+/g, ' ')
        .replace(/</g, '&lt;');
}

;// CONCATENATED MODULE: ./src/report/index.ts
// What the step reports, built from one run: its verdict (counts, closing failure, annotations),
// its outputs, the job summary, and the sentences about the run as a whole.







;// CONCATENATED MODULE: ./src/calls/pacer.ts
// Paces a batch by the server's rate-limit headers, so that it runs at the allowed rate instead of
// bouncing off it. Infisical Cloud answers (as @fastify/rate-limit does) `x-ratelimit-limit`,
// `x-ratelimit-remaining`, `x-ratelimit-reset` (whole seconds until the window resets, rounded up)
// and, on 429, `retry-after`. One 429 pauses the whole batch, not only the request that got it.
// No pause is longer than RETRY_AFTER_MAX_MS, whatever a server says.


// With no reset header, a spent budget is tried again after this long.
const UNKNOWN_RESET_MS = 1000;
class RateLimitPacer {
    clock;
    /**
     * The smallest x-ratelimit-remaining heard in the current window; Infinity while the server has
     * said nothing. Every request answered so far was counted no later than the one that said it,
     * so what is left once the requests in flight are counted is at least this minus those.
     * (Subtracting the requests sent after the answered one instead would count twice those that
     * reached the server first, and end windows early when answers come back out of order.)
     */
    minRemaining = Number.POSITIVE_INFINITY;
    /** Requests sent and not answered yet. */
    inFlight = 0;
    /** When the current window ends (ms since epoch), once a response has told us. */
    resetAt;
    /** Answers to requests sent before this moment describe an earlier window. */
    windowStart = 0;
    pausedUntil = 0;
    /**
     * Aborted by the next answer (or slot handed back), to wake whoever waits on a budget that looks
     * spent: it may only look so because of requests in flight, already counted in `minRemaining`
     * when they reached the server before the one whose answer said it. Their answers free it.
     */
    wake;
    constructor(clock) {
        this.clock = clock;
    }
    /** A slot to send now; once `stop` is aborted, at once (the caller sends nothing then). */
    async acquire(stop) {
        for (;;) {
            const now = this.clock.now();
            if (stop?.aborted)
                return { sentAt: now };
            if (now < this.pausedUntil) {
                await this.clock.sleep(this.pausedUntil - now);
                continue;
            }
            if (this.resetAt !== undefined && now >= this.resetAt) {
                // A new window: the budget is unknown again until its first answer.
                this.windowStart = now;
                this.resetAt = undefined;
                this.minRemaining = Number.POSITIVE_INFINITY;
            }
            if (this.minRemaining - this.inFlight > 0) {
                this.inFlight += 1;
                return { sentAt: now, held: true };
            }
            // Spent, and the server named no reset: try again after a while.
            this.resetAt ??= now + UNKNOWN_RESET_MS;
            // Spent, or only looks so while requests are in flight: wait for the reset, or for the next
            // answer, and look again (a wait to the reset alone left budget unspent until it).
            this.wake ??= new AbortController();
            await this.clock.sleep(Math.max(1, this.resetAt - now), this.wake.signal);
        }
    }
    /** Hands a slot back, learning what the answer (if any) says of the rate limit. */
    release(ticket, answer) {
        if (ticket.held)
            this.inFlight = Math.max(0, this.inFlight - 1);
        // The waiters look again once this is counted (they run after it, not inside the abort).
        this.wake?.abort();
        this.wake = undefined;
        if (answer === undefined || ticket.sentAt < this.windowStart)
            return;
        const now = this.clock.now();
        if (answer.status === 429) {
            const wait = Math.min(retryAfterMs(answer, now) ?? UNKNOWN_RESET_MS, RETRY_AFTER_MAX_MS);
            this.pausedUntil = Math.max(this.pausedUntil, now + wait);
            this.minRemaining = 0;
        }
        const remaining = numberHeader(answer, 'x-ratelimit-remaining');
        const reset = numberHeader(answer, 'x-ratelimit-reset');
        if (remaining === undefined)
            return;
        this.minRemaining = Math.min(this.minRemaining, remaining);
        if (reset !== undefined) {
            const resetAt = now + Math.min(resetInMs(reset, now), RETRY_AFTER_MAX_MS);
            this.resetAt = this.resetAt === undefined ? resetAt : Math.min(this.resetAt, resetAt);
        }
    }
}
// Infisical sends seconds until the reset; some gateways send the reset's time (Unix seconds).
function resetInMs(reset, now) {
    return reset > 1e9 ? Math.max(0, reset * 1000 - now) : reset * 1000;
}
function numberHeader(answer, name) {
    const value = Number(headerValue(answer.headers, name));
    return Number.isFinite(value) && value >= 0 ? value : undefined;
}

// EXTERNAL MODULE: ./node_modules/aws4/aws4.js
var aws4 = __nccwpck_require__(832);
var aws4_default = /*#__PURE__*/__nccwpck_require__.n(aws4);
;// CONCATENATED MODULE: ./src/infisical/login.ts


function oidcLoginRequest(server, identityId, jwt) {
    return {
        method: 'POST',
        url: apiUrl(server, '/api/v1/auth/oidc-auth/login'),
        json: { identityId, jwt },
    };
}
function universalLoginRequest(server, clientId, clientSecret) {
    return {
        method: 'POST',
        url: apiUrl(server, '/api/v1/auth/universal-auth/login'),
        json: { clientId, clientSecret },
    };
}
/**
 * AWS IAM auth (identity-aws-auth-router.ts): a signed STS GetCallerIdentity request, which the
 * server sends to STS itself (to sts.<region>.amazonaws.com, the region read from the
 * Authorization header's credential scope) and matches the caller's ARN against the identity's
 * allowed principals and accounts. Body and headers (JSON) travel base64-encoded.
 */
function awsLoginRequest(server, identityId, signed) {
    return {
        method: 'POST',
        url: apiUrl(server, '/api/v1/auth/aws-auth/login'),
        json: {
            identityId,
            iamHttpRequestMethod: signed.method,
            iamRequestBody: Buffer.from(signed.body).toString('base64'),
            iamRequestHeaders: Buffer.from(JSON.stringify(signed.headers)).toString('base64'),
        },
    };
}
/** Kubernetes auth: the pod's service account token, which the server reviews with TokenReview. */
function kubernetesLoginRequest(server, identityId, jwt) {
    return {
        method: 'POST',
        url: apiUrl(server, '/api/v1/auth/kubernetes-auth/login'),
        json: { identityId, jwt },
    };
}
function isLoginAnswer(json) {
    return isRecord(json) && typeof json.accessToken === 'string' && json.accessToken !== '';
}
/** Decides what an answer to a login route means: an access token, or why not. */
function judgeLogin(answer) {
    // Never quoted: an answer of another shape may hold a new token under another name, or echo
    // the client secret or ID token in a form no redactor knows.
    const reading = readAnswer(answer, isLoginAnswer, 'a login answer', { quote: false });
    if (reading.kind === 'ok') {
        const json = reading.json;
        const expiresIn = typeof json.expiresIn === 'number' && json.expiresIn > 0 ? json.expiresIn : undefined;
        return { kind: 'ok', login: { accessToken: json.accessToken, expiresIn } };
    }
    if (reading.kind === 'failed')
        return reading;
    return { kind: 'failed', ...failure(reading.status, reading.error) };
}

;// CONCATENATED MODULE: ./src/login/imds.ts
/** The metadata service's address on every EC2 instance (AWS SDKs: AWS_EC2_METADATA_SERVICE_ENDPOINT). */
const DEFAULT_IMDS_ENDPOINT = 'http://169.254.169.254';
/** How long one metadata request may take: the service answers on the instance in milliseconds. */
const IMDS_TIMEOUT_MS = 2_000;
/** How long the session token lives (seconds): it is used for a few requests at once. */
const TOKEN_TTL_SECONDS = '60';
class ImdsError extends Error {
    name = 'ImdsError';
}
/** A metadata client on `endpoint` (scheme, host and port), with one session token for its reads. */
function imdsClient(send, endpoint = DEFAULT_IMDS_ENDPOINT) {
    const base = endpoint.replace(/\/+$/, '');
    let token;
    const exchange = async (method, path, headers) => {
        let answer;
        try {
            answer = await send({ method, url: `${base}/latest/${path}`, headers, maxBytes: 64 * 1024 });
        }
        catch (error) {
            throw new ImdsError(`no answer from ${base}: ${error.message.replace(/\.$/, '')}`);
        }
        if (answer.status !== 200 || answer.truncated) {
            throw new ImdsError(`${base} answered ${answer.status} to ${method} /latest/${path}`);
        }
        return answer.body;
    };
    const session = () => (token ??= exchange('PUT', 'api/token', {
        'x-aws-ec2-metadata-token-ttl-seconds': TOKEN_TTL_SECONDS,
    }).then((text) => text.trim()));
    return {
        get: async (path) => exchange('GET', path, { 'x-aws-ec2-metadata-token': await session() }),
    };
}

;// CONCATENATED MODULE: ./src/login/session.ts
// What every way of getting an access token shares: the context it runs in, the session it
// returns, and the one-line error a refused login ends in. One file a way: given.ts (access-token),
// oidc.ts (GitHub's ID token), universal.ts (client id and secret), aws-iam.ts (a signed STS
// request), kubernetes.ts (the pod's service account token).




/** A login that did not give an access token: its one line says why, and what helps. */
class LoginError extends Error {
    stopped;
    name = 'LoginError';
    /** The run was stopped (cancelled) before the login could finish. */
    constructor(message, stopped = false) {
        super(message);
        this.stopped = stopped;
    }
}
/**
 * Sends a login request with the retry policy of every call, and returns its access token, masked
 * at once. `describe` names the login in errors; `explain` adds what helps for a refusal.
 */
async function logInWith(request, as, ctx, explain) {
    const done = await attempt(request, `log in with ${as}`, ctx.attempts);
    const lead = `Could not log in to Infisical at ${describeServer(ctx.server)} with ${as}`;
    // A login is not idempotent: an attempt whose answer never came may have made a token.
    const unseen = done.mayHaveLanded
        ? ' An attempt may have reached Infisical without its answer coming back: if it did, it made a login token that the action never saw, which stays live until it expires.'
        : '';
    if (done.kind === 'stopped') {
        throw new LoginError(`${lead}: the run was stopped first.${unseen}`, true);
    }
    if (done.kind === 'no-answer') {
        throw new LoginError(`${lead}: no answer from Infisical: ${done.error.message}.${unseen}`);
    }
    const verdict = judgeLogin(done.answer);
    if (verdict.kind === 'failed') {
        const hint = verdict.hint ?? explain(verdict.status);
        throw new LoginError(`${lead}: ${verdict.status} ${sentence(verdict.message, verdict.reqId)}${hint ? ` ${hint}` : ''}${unseen}`);
    }
    ctx.mask(verdict.login.accessToken);
    if (done.mayHaveLanded) {
        // A login is not idempotent: the attempt whose answer was lost may have made a token too.
        ctx.warn(`An earlier attempt to log in with ${as} may have reached Infisical without its answer coming back; if it did, it made a login token that the action never saw, which stays live until it expires.`);
    }
    return {
        accessToken: verdict.login.accessToken,
        login: { as, expiresAt: expiry(verdict.login) },
    };
}
function expiry(login) {
    return login.expiresIn === undefined ? undefined : new Date(Date.now() + login.expiresIn * 1000);
}

;// CONCATENATED MODULE: ./src/login/aws-iam.ts
// AWS IAM auth: no stored Infisical credential on a runner that has an AWS identity. The action
// signs an STS GetCallerIdentity request (SigV4, with aws4: small, no dependencies) but does not
// send it: Infisical sends it to STS, learns the caller's ARN, and matches it against the
// identity's allowed principals and accounts. The credentials are the runner's
// (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, as
// aws-actions/configure-aws-credentials exports them), else the EC2 instance role through IMDSv2;
// the region is AWS_REGION or AWS_DEFAULT_REGION, else the instance's. Every AWS secret, and the
// signature (it replays for 15 minutes), is masked before anything could print it.





/** The request Infisical sends to STS: always this body (Infisical's own clients send the same). */
const GET_CALLER_IDENTITY = 'Action=GetCallerIdentity&Version=2011-06-15';
const LEAD = 'Could not log in with method: aws-iam';
const SETUP = 'Give the job AWS credentials (aws-actions/configure-aws-credentials sets AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN) or run it on an EC2 instance with an instance role (IMDSv2; a container on it needs a metadata hop limit of 2).';
function awsIamAuth(identityId) {
    return async (ctx) => {
        const env = ctx.aws ?? {};
        const imds = lazyImds(env, ctx);
        const credentials = await credentialsOf(env, imds, ctx);
        const region = await regionOf(env, imds, ctx);
        const signed = signGetCallerIdentity(credentials, region);
        // The signature is a credential for 15 minutes; the headers, base64, carry it too.
        ctx.mask(signed.headers.Authorization?.replace(/^.*Signature=/, '') ?? '');
        const request = awsLoginRequest(ctx.server, identityId, signed);
        ctx.mask(request.json.iamRequestHeaders);
        return logInWith(request, `AWS IAM as identity ${identityId}`, ctx, (status) => status === 401 || status === 403
            ? "The identity's AWS Auth in Infisical must allow this caller: check its allowed principal ARNs (an assumed role is matched as arn:aws:iam::ACCOUNT:role/NAME) and account ids, and that the credentials are valid and unexpired."
            : status === 404
                ? 'Check identity-id: the identity must exist on this server (and region) and have AWS Auth configured.'
                : status === 400
                    ? `Check the region (${region}): Infisical sends the signed request to sts.${region}.amazonaws.com.`
                    : '');
    };
}
/** SigV4 for POST https://sts.<region>.amazonaws.com/ with the GetCallerIdentity body. */
function signGetCallerIdentity(credentials, region, date) {
    const host = `sts.${region}.amazonaws.com`;
    const headers = {
        'Content-Type': 'application/x-www-form-urlencoded; charset=utf-8',
        Host: host,
    };
    if (date)
        headers['X-Amz-Date'] = date.toISOString().replace(/[:-]|\.\d{3}/g, '');
    const signed = aws4_default().sign({ host, method: 'POST', path: '/', service: 'sts', region, body: GET_CALLER_IDENTITY, headers }, credentials);
    const out = {};
    for (const [name, value] of Object.entries(signed.headers ?? {})) {
        if (value !== undefined)
            out[name] = String(value);
    }
    return { method: 'POST', body: GET_CALLER_IDENTITY, headers: out };
}
async function credentialsOf(env, imds, ctx) {
    const { accessKeyId, secretAccessKey, sessionToken } = env;
    if (secretAccessKey)
        ctx.mask(secretAccessKey);
    if (sessionToken)
        ctx.mask(sessionToken);
    if (accessKeyId && secretAccessKey) {
        return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
    }
    if (accessKeyId || secretAccessKey) {
        const [set, unset] = accessKeyId
            ? ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']
            : ['AWS_SECRET_ACCESS_KEY', 'AWS_ACCESS_KEY_ID'];
        throw new LoginError(`${LEAD}: ${set} is set but ${unset} is not: give both, or neither to use the instance role.`);
    }
    const client = imds();
    if (client === undefined) {
        throw new LoginError(`${LEAD}: no AWS credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set, and the instance metadata service is turned off (AWS_EC2_METADATA_DISABLED). ${SETUP}`);
    }
    try {
        const role = (await client.get('meta-data/iam/security-credentials/')).split('\n')[0]?.trim();
        if (!role)
            throw new ImdsError('the instance has no role');
        const text = await client.get(`meta-data/iam/security-credentials/${encodeURIComponent(role)}`);
        const role_ = parseRoleCredentials(text);
        ctx.mask(role_.secretAccessKey);
        if (role_.sessionToken)
            ctx.mask(role_.sessionToken);
        return role_;
    }
    catch (error) {
        throw noRole(error, ctx, 'no AWS credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set, and the instance role could not be read');
    }
}
function parseRoleCredentials(text) {
    let json;
    try {
        json = JSON.parse(text);
    }
    catch {
        throw new ImdsError('the role credentials are not JSON');
    }
    const { AccessKeyId, SecretAccessKey, Token } = (json ?? {});
    if (typeof AccessKeyId !== 'string' ||
        typeof SecretAccessKey !== 'string' ||
        !AccessKeyId ||
        !SecretAccessKey) {
        throw new ImdsError('the role credentials have no AccessKeyId and SecretAccessKey');
    }
    return {
        accessKeyId: AccessKeyId,
        secretAccessKey: SecretAccessKey,
        ...(typeof Token === 'string' && Token !== '' ? { sessionToken: Token } : {}),
    };
}
async function regionOf(env, imds, ctx) {
    const [from, given] = env.region
        ? ['AWS_REGION', env.region]
        : env.defaultRegion
            ? ['AWS_DEFAULT_REGION', env.defaultRegion]
            : ['the instance metadata service', undefined];
    let region = given?.trim();
    if (region === undefined) {
        const client = imds();
        if (client === undefined) {
            throw new LoginError(`${LEAD}: no AWS region: set AWS_REGION (aws-actions/configure-aws-credentials sets it) or AWS_DEFAULT_REGION; the instance metadata service is turned off (AWS_EC2_METADATA_DISABLED).`);
        }
        try {
            region = (await client.get('meta-data/placement/region')).trim();
        }
        catch (error) {
            throw noRole(error, ctx, 'no AWS region: AWS_REGION and AWS_DEFAULT_REGION are not set, and the instance metadata service did not tell');
        }
    }
    // Infisical refuses anything else ("Invalid AWS region"), and the region names the STS host.
    if (!/^[a-z0-9-]{1,20}$/.test(region)) {
        throw new LoginError(`${LEAD}: the region from ${from}, ${echo_quotePrefix(region, 24)}, is not an AWS region (such as us-east-1).`);
    }
    return region;
}
/** One metadata client for the login, made only when the environment does not already tell. */
function lazyImds(env, ctx) {
    let client;
    return () => {
        if (env.imdsDisabled || ctx.imds === undefined)
            return undefined;
        return (client ??= imdsClient(ctx.imds, env.imdsEndpoint || DEFAULT_IMDS_ENDPOINT));
    };
}
function noRole(error, ctx, what) {
    if (ctx.attempts.stop.aborted) {
        return new LoginError(`${LEAD}: the run was stopped first.`, true);
    }
    if (!(error instanceof ImdsError))
        throw error;
    return new LoginError(`${LEAD}: ${what} (IMDSv2: ${error.message}). ${SETUP}`);
}

;// CONCATENATED MODULE: ./src/login/given.ts
function givenAccessToken(accessToken) {
    return async () => ({ accessToken });
}

;// CONCATENATED MODULE: ./src/login/kubernetes.ts
// Kubernetes auth: the pod's own service account token (Actions Runner Controller pods mount one),
// no stored Infisical credential. Infisical reviews the token with the cluster's TokenReview API
// and matches its namespace, service account name and audience against the identity's Kubernetes
// Auth. The token is a credential of the pod: masked the moment it is read, never quoted.



/** Where Kubernetes mounts a pod's service account token. */
const SERVICE_ACCOUNT_TOKEN_PATH = '/var/run/secrets/kubernetes.io/serviceaccount/token';
const kubernetes_LEAD = 'Could not log in with method: kubernetes';
function kubernetesAuth(identityId, tokenPath) {
    return async (ctx) => {
        const path = tokenPath || SERVICE_ACCOUNT_TOKEN_PATH;
        const jwt = await serviceAccountToken(path, ctx);
        return logInWith(kubernetesLoginRequest(ctx.server, identityId, jwt), `Kubernetes as identity ${identityId}`, ctx, (status) => status === 401 || status === 403
            ? explain(jwt)
            : status === 404
                ? 'Check identity-id: the identity must exist on this server (and region) and have Kubernetes Auth configured.'
                : '');
    };
}
async function serviceAccountToken(path, ctx) {
    if (ctx.readTextFile === undefined)
        throw new LoginError(`${kubernetes_LEAD}: no way to read ${path}.`);
    let text;
    try {
        text = await ctx.readTextFile(path);
    }
    catch (error) {
        const code = error.code;
        const why = code === 'ENOENT'
            ? 'there is no such file: the pod must mount its service account token (automountServiceAccountToken), or set service-account-token-path to where it is'
            : code === 'EACCES'
                ? 'the step may not read it'
                : code === 'EISDIR'
                    ? 'it is a folder: service-account-token-path names the token file itself'
                    : `it could not be read (${code ?? 'unknown error'})`;
        throw new LoginError(`${kubernetes_LEAD}: the service account token at ${path}: ${why}.`);
    }
    const token = text.trim();
    // Whatever the file holds is masked, line by line (the runner masks whole lines only).
    for (const line of token.split(/\r?\n/))
        if (line.trim() !== '')
            ctx.mask(line.trim());
    if (token === '')
        throw new LoginError(`${kubernetes_LEAD}: the service account token file ${path} is empty.`);
    if (!looksLikeJwt(token)) {
        throw new LoginError(`${kubernetes_LEAD}: ${path} does not hold a service account token (a JWT). Its content is not shown.`);
    }
    return token;
}
/** What the identity's Kubernetes Auth must accept, from the token's claims (none is secret). */
function explain(jwt) {
    const claims = claimsOf(jwt);
    const shown = ['iss', 'aud', 'sub']
        .filter((name) => claims[name] !== undefined)
        .map((name) => `${name}=${JSON.stringify(claims[name])}`)
        .join(', ');
    return (`The service account token has ${shown || 'no readable claims'}. The identity's Kubernetes Auth in Infisical must ` +
        'accept it: allowed namespaces and service account names matching sub (system:serviceaccount:NAMESPACE:NAME), ' +
        "an allowed audience equal to aud if one is set, and a token reviewer that can reach the cluster's TokenReview API.");
}

;// CONCATENATED MODULE: ./src/login/oidc.ts
// OIDC with GitHub's ID token: no stored credential at all. The job asks GitHub for an ID token
// (it needs `permissions: id-token: write`), and Infisical checks it against the identity's OIDC
// auth: issuer, bound audience, bound subject, bound claims. A refused login is the most common
// support question of OIDC, and its answer is in the token's claims: the error line shows them.



/** The ID token's claims that decide a login; none of them is secret. */
const DECIDING_CLAIMS = [
    'iss',
    'aud',
    'sub',
    'repository',
    'ref',
    'environment',
    'job_workflow_ref',
];
function oidcAuth(identityId, audience) {
    return async (ctx) => {
        // Masked the moment it was read, retried and cut off by its deadline or a cancel like any
        // other request: github-id-token.ts, which step.ts hands in as getIdToken.
        const jwt = await ctx.getIdToken(audience);
        return logInWith(oidcLoginRequest(ctx.server, identityId, jwt), `OIDC as identity ${identityId}`, ctx, (status) => status === 401 || status === 403
            ? oidc_explain(jwt)
            : status === 404
                ? 'Check identity-id: the identity must exist on this server (and region) and have OIDC auth configured.'
                : '');
    };
}
/** github.com's issuer; a GitHub Enterprise Server's is https://HOST/_services/token. */
const GITHUB_COM_ISSUER = 'https://token.actions.githubusercontent.com';
/** A claim as the hint names it: a plain URL-like string as it is, anything else as JSON (one line). */
function named(value) {
    if (value === undefined)
        return undefined;
    return typeof value === 'string' && /^[\x21-\x7e]+$/.test(value) && !value.includes('"')
        ? value
        : JSON.stringify(value);
}
/**
 * What the identity's OIDC auth must accept, from the ID token that was refused: its own issuer
 * and audience (a GitHub Enterprise Server issues its own, not github.com's).
 */
function oidc_explain(jwt) {
    const claims = claimsOf(jwt);
    const shown = DECIDING_CLAIMS.filter((name) => claims[name] !== undefined)
        .map((name) => `${name}=${JSON.stringify(claims[name])}`)
        .join(', ');
    const issuer = named(claims.iss);
    const audience = named(claims.aud);
    const ghes = issuer === GITHUB_COM_ISSUER
        ? ''
        : ' On GitHub Enterprise Server the issuer is https://HOST/_services/token, and Infisical must be ' +
            'able to reach it (its discovery document and signing keys); if it cannot, use Universal Auth.';
    return (`The GitHub ID token has ${shown || 'no readable claims'}. The identity's OIDC auth in Infisical must ` +
        `accept them: issuer and discovery URL ${issuer ?? `the token's iss (${GITHUB_COM_ISSUER} on github.com)`}, ` +
        `a bound audience equal to aud${audience ? `, ${audience}` : ''} (set oidc-audience to choose it), ` +
        'and a bound subject (and claims) matching sub; ' +
        "GitHub's newer sub format with numeric ids does not match bindings written for the older one." +
        ghes);
}

;// CONCATENATED MODULE: ./src/login/universal.ts
// Universal Auth: a client id and secret of the identity (Infisical's machine-identity login for
// places without OIDC). The secret is masked before anything runs.


function universalAuth(clientId, clientSecret) {
    return (ctx) => logInWith(universalLoginRequest(ctx.server, clientId, clientSecret), `Universal Auth (client id ${clientId})`, ctx, (status) => status === 401
        ? "Check client-id and client-secret against the identity's Universal Auth client secrets (a secret may have expired, reached its usage limit, or be locked after failed attempts)."
        : status === 429
            ? 'Infisical locks Universal Auth after repeated attempts: wait a minute before trying again.'
            : '');
}

;// CONCATENATED MODULE: ./src/login/github-id-token.ts
// GitHub's ID token for an OIDC login, asked for with the action's own HTTP client rather than
// @actions/core's getIDToken: that one cannot be aborted and has only http-client's 3-minute socket
// timeout (none at all against a service that trickles bytes), so a hung ID-token service kept the
// step's process alive long after it had finished. Here the request has timeout-seconds for the
// whole exchange, a capped answer, the run's cancel, and the retry policy of every other call.
// The request is the one @actions/core's OidcClient sends: GET <ACTIONS_ID_TOKEN_REQUEST_URL> with
// `audience=<aud>` appended, the request token as bearer, `Accept: application/json`; the answer
// is `{"value": "<jwt>"}`. The service is GitHub's, not Infisical's: its answers are read here,
// from the wire, and an error answer is shown as one escaped line that never holds a token.







/** Without the runner's variables there is no way to ask: say what gives them. */
const NO_ID_TOKEN_SOURCE = 'method: oidc needs a GitHub ID token, and this job cannot ask for one: give the job (or the workflow) permissions: id-token: write. Pull requests from forks never get one.';
/** The most of an error answer a line quotes: enough to tell a proxy's page from GitHub's words. */
const ID_TOKEN_EXCERPT_CHARS = 100;
/** An ID token is 1–2 KB: anything far larger is not the service's answer. */
const MAX_ID_TOKEN_ANSWER_BYTES = 16 * 1024;
const github_id_token_LEAD = 'Could not get a GitHub ID token for the OIDC login';
/** The request for an ID token with `audience` (GitHub's default audience when none is asked). */
function idTokenRequest(source, audience) {
    const url = audience === undefined || audience === ''
        ? source.url
        : `${source.url}${source.url.includes('?') ? '&' : '?'}audience=${encodeURIComponent(audience)}`;
    return { method: 'GET', url, bearerToken: source.token, maxBytes: MAX_ID_TOKEN_ANSWER_BYTES };
}
/**
 * What an answer of the ID-token service means. A 200 is never quoted, whatever its shape: it may
 * carry a token under any name. Any other answer is its status and a short excerpt, with the
 * request token (in every form it could be echoed in) and anything shaped like a JWT taken out
 * before the excerpt is cut, so that no piece of either is left.
 */
function judgeIdToken(answer, source) {
    const { status } = answer;
    const head = `${status} ${external_node_http_namespaceObject.STATUS_CODES[status] ?? 'Unknown Status'}`;
    if (status === 200) {
        const value = answer.truncated ? undefined : github_id_token_valueOf(answer.body);
        if (value !== undefined && looksLikeJwt(value))
            return { kind: 'ok', idToken: value };
        const got = answer.truncated
            ? 'an answer larger than an ID token can be (cut off)'
            : value === undefined
                ? 'no ID token in it (JSON with a string "value" was expected)'
                : 'a "value" that is not a JWT';
        return { kind: 'failed', reason: `was answered ${head}, but with ${got}` };
    }
    if (status >= 300 && status < 400) {
        // Its Location may carry credentials of its own; redirects are not followed anyway.
        return { kind: 'failed', reason: `was answered ${head}: a redirect, which is not followed` };
    }
    const text = oneLine(withoutSecrets(answer.body, source.token));
    return {
        kind: 'failed',
        reason: text === ''
            ? `was answered ${head} (empty answer)`
            : `was answered ${head}: ${echo_quotePrefix(text, ID_TOKEN_EXCERPT_CHARS)}`,
    };
}
/**
 * Asks for the ID token, retried as every call is (network errors, 429 and 5xx answers), and masks
 * it the moment it is read. Every failure is a LoginError of one line; `stopped` when the run was
 * cancelled first or while the request was in flight.
 */
function githubIdToken(source, ctx, mask) {
    return async (audience) => {
        if (source === undefined)
            throw new LoginError(NO_ID_TOKEN_SOURCE);
        const origin = originOf(source.url);
        // The runner masks its request token too; this keeps it out if a runner does not.
        mask(source.token);
        const done = await attempt(idTokenRequest(source, audience), 'get a GitHub ID token', ctx);
        const stopped = 'Could not get a GitHub ID token: the run was stopped first.';
        if (done.kind === 'stopped')
            throw new LoginError(stopped, true);
        const to = `the ID-token request to ${origin}`;
        if (done.kind === 'no-answer') {
            // A cancel cuts requests in flight off: that is the stop, not the service's failure.
            if (ctx.stop.aborted)
                throw new LoginError(stopped, true);
            throw new LoginError(`${github_id_token_LEAD}: ${to} failed after ${plural(done.attempts, 'attempt')}: ${done.error.message.replace(/\.$/, '')}.`);
        }
        const verdict = judgeIdToken(done.answer, source);
        if (verdict.kind === 'failed')
            throw new LoginError(`${github_id_token_LEAD}: ${to} ${verdict.reason}.`);
        mask(verdict.idToken);
        return verdict.idToken;
    };
}
/** Where the request goes, for messages: scheme, host and port only (the path names the job). */
function originOf(raw) {
    let url;
    try {
        url = new URL(raw);
    }
    catch {
        throw new LoginError(`${github_id_token_LEAD}: ACTIONS_ID_TOKEN_REQUEST_URL is not a URL.`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw new LoginError(`${github_id_token_LEAD}: ACTIONS_ID_TOKEN_REQUEST_URL is not an http(s) URL.`);
    }
    return url.origin;
}
function github_id_token_valueOf(body) {
    try {
        const json = JSON.parse(body);
        if (typeof json !== 'object' || json === null || Array.isArray(json))
            return undefined;
        const { value } = json;
        return typeof value === 'string' ? value : undefined;
    }
    catch {
        return undefined;
    }
}
/** JWT-shaped runs (an ID token, whole or from its start): `eyJ`, then base64url and dots. */
const JWT_LIKE = /eyJ[A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]*){0,2}/g;
/**
 * `body` with every piece of the request token (as sent, URL-encoded or JSON-escaped) that is
 * SECRET_PIECE_CHARS or longer, a bearer credential of any kind, and every JWT-like run replaced
 * by `***`. Pieces, not only the whole: a page that echoes the request's headers may have cut the
 * token itself, and the runner masks a secret only where it appears whole.
 */
function withoutSecrets(body, requestToken) {
    const forms = [
        requestToken,
        encodeURIComponent(requestToken),
        JSON.stringify(requestToken).slice(1, -1),
    ];
    const text = withoutPieces(body, piecesOf(forms));
    return text.replace(/\b(Bearer|Basic)\s+[^\s"',;]+/gi, '$1 ***').replace(JWT_LIKE, '***');
}

;// CONCATENATED MODULE: ./src/login/index.ts








function logIn(credentials) {
    switch (credentials.method) {
        case 'access-token':
            return givenAccessToken(credentials.accessToken);
        case 'oidc':
            return oidcAuth(credentials.identityId, credentials.audience);
        case 'universal':
            return universalAuth(credentials.clientId, credentials.clientSecret);
        case 'aws-iam':
            return awsIamAuth(credentials.identityId);
        case 'kubernetes':
            return kubernetesAuth(credentials.identityId, credentials.tokenPath);
    }
}

;// CONCATENATED MODULE: ./src/revoke/logout.ts
// Revokes the action's own login at the end of the phase, whatever happened before: a login left
// live is a credential nobody watches. The caller gives it a client of its own (the batch's may
// have been cut off by a cancel), stopped by the runner's second signal or, after a cancel, by the
// wrap-up deadline (src/stop/wrap-up.ts), so that the step still ends before the runner kills it.




async function logOut(login, ownTokenId, ctx) {
    const result = await revokeToken({ tokenId: ownTokenId ?? UNNAMED_SELF, self: true }, ctx);
    // The login's token is ours: already revoked or expired is as good as revoked.
    const { done } = settle(result, { ignoreNotFound: true });
    if (done)
        return { done, line: `Revoked the login token (${login.as}).` };
    const { expiresAt } = login;
    const until = expiresAt
        ? `until it expires at ${expiresAt.toISOString()} (in ${describeTimeLeft(expiresAt.getTime() - Date.now())})`
        : 'until it expires';
    return {
        done,
        line: `Could not revoke the login token (${login.as}): ${result.status === undefined ? '' : `${result.status} `}${result.message.replace(/\.$/, '')}. It stays live ${until}: revoke it in Infisical (the identity's access tokens), or let it expire.`,
    };
}

;// CONCATENATED MODULE: ./src/calls/feed.ts
// Work handed on while it is still being found: the selection pushes each identity's choice as its
// list completes, and the revokes take them as they come. Ends once the producer says so.
class Feed {
    items = [];
    waiting = [];
    ended = false;
    /** How many items were pushed so far. */
    pushed = 0;
    begin = () => { };
    /** Settles once the first item is pushed, or the feed ends empty. */
    ready = new Promise((resolve) => (this.begin = resolve));
    push(...items) {
        if (this.ended)
            throw new Error('Feed.push after end');
        for (const item of items) {
            this.pushed += 1;
            this.begin();
            const waiter = this.waiting.shift();
            if (waiter)
                waiter({ value: item, done: false });
            else
                this.items.push(item);
        }
    }
    /** No more items: every taker waiting, and every later one, is told so. */
    end() {
        this.ended = true;
        this.begin();
        for (const waiter of this.waiting.splice(0))
            waiter({ value: undefined, done: true });
    }
    get done() {
        return this.ended && this.items.length === 0;
    }
    [Symbol.asyncIterator]() {
        return {
            next: () => {
                if (this.items.length > 0) {
                    return Promise.resolve({ value: this.items.shift(), done: false });
                }
                if (this.ended)
                    return Promise.resolve({ value: undefined, done: true });
                return new Promise((resolve) => this.waiting.push(resolve));
            },
        };
    }
}

;// CONCATENATED MODULE: ./src/select/glob.ts
// Token names as `token-name` matches them: the whole name, case-sensitive, where `*` stands for
// any run of characters (none included) and `?` for exactly one. Nothing else is special: names are
// free text, not paths, so `*` crosses `/`, and `.`, `[`, `(`, `\` and the rest match themselves.
// There is no escape: a name with a literal `*` or `?` is matched by the same pattern, which also
// matches names with any text in that place.
/** A matcher for one pattern; a pattern without `*` or `?` matches that exact name only. */
function nameMatcher(pattern) {
    // `u`: `?` is one character even outside the Basic Multilingual Plane (an emoji is one).
    // `s`: `*` and `?` match a line break too, should a name hold one.
    const regex = new RegExp(`^${[...pattern].map(toRegex).join('')}$`, 'su');
    // A token without a name has nothing to match: not even `*` selects it.
    return (name) => name !== null && regex.test(name);
}
/** Whether the pattern has any wildcard (it is a glob rather than an exact name). */
function isGlob(pattern) {
    return /[*?]/.test(pattern);
}
function toRegex(char) {
    if (char === '*')
        return '.*';
    if (char === '?')
        return '.';
    return char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

;// CONCATENATED MODULE: ./src/select/choose.ts


const OWN_TOKEN_WHY = "the access token's own token";
const OWN_SECRET_WHY = 'the client secret the access token was issued from';
/** The tokens to revoke, from each identity's list. */
function choose(listed, selection, options) {
    const own = options.ownTokenId?.toLowerCase();
    return chooseAll(listed.map((list) => ({
        identityId: list.identityId,
        items: list.error ? undefined : list.tokens,
    })), selection, options.now, {
        noun: 'token',
        field: 'name',
        nameOf: (token) => token.name,
        own: own === undefined
            ? undefined
            : {
                is: (token) => token.id === own,
                why: OWN_TOKEN_WHY,
                note: `it is ${OWN_TOKEN_WHY}, and revoking it would cut off this run's credential; token-id: self revokes it.`,
            },
    });
}
/** The client secrets to revoke, from each identity's live list. */
function chooseSecrets(listed, selection, options) {
    return chooseAll(listed.map((list) => ({
        identityId: list.identityId,
        items: list.error ? undefined : list.secrets,
    })), selection, options.now, {
        noun: 'client secret',
        field: 'description',
        nameOf: (secret) => secret.description,
        own: {
            is: options.isOwn,
            why: OWN_SECRET_WHY,
            note: `it is ${OWN_SECRET_WHY}: revoking it would end this run's access token (on current servers, every token issued from a secret dies with it).`,
        },
    });
}
function chooseAll(lists, selection, now, kind) {
    const filters = filtersOf(selection, now, kind);
    const identities = lists.map((list) => chooseOne(list.identityId, list.items, filters, selection.keepNewest ?? 0, kind));
    const union = new Map();
    for (const item of identities.flatMap((choice) => choice.chosen))
        union.set(item.id, item);
    return { identities, chosen: oldestFirst([...union.values()]) };
}
function filtersOf(selection, now, kind) {
    const filters = [];
    const { olderThanMs, tokenName } = selection;
    // olderThanMs 0 takes every candidate, even one whose createdAt is ahead of this runner's clock.
    if (olderThanMs !== undefined && olderThanMs > 0) {
        // A token exactly olderThanMs old counts as old enough: its age is not less than asked.
        const cutoff = now - olderThanMs;
        const why = `created less than ${describeDuration(olderThanMs)} ago`;
        filters.push((item) => (item.createdAt.getTime() <= cutoff ? undefined : why));
    }
    if (tokenName !== undefined) {
        const matches = nameMatcher(tokenName);
        const why = isGlob(tokenName)
            ? `${kind.field} does not match ${JSON.stringify(tokenName)}`
            : `${kind.field} is not ${JSON.stringify(tokenName)}`;
        filters.push((item) => {
            const name = kind.nameOf(item);
            return name === null ? `has no ${kind.field}` : matches(name) ? undefined : why;
        });
    }
    return filters;
}
function chooseOne(identityId, items, filters, keepNewest, kind) {
    const choice = { identityId, chosen: [], kept: [], notes: [] };
    if (items === undefined)
        return choice;
    const revoked = items.filter((item) => item.revoked).length;
    const expired = items.filter((item) => !item.revoked && item.expired).length;
    // Only the revoked flag tells a dead row: a row that looks expired by its TTL may be a token
    // renewed on a current server, which writes no renewal to the row (docs/infisical-api.md). It
    // is chosen like a live one; revoking a dead row costs one write and answers 200.
    const live = oldestFirst(items.filter((item) => !item.revoked));
    const passing = [];
    for (const item of live) {
        const why = filters.map((filter) => filter(item)).find((reason) => reason !== undefined);
        if (why === undefined)
            passing.push(item);
        else
            choice.kept.push({ token: item, why });
    }
    // The own one takes its place among the newest like any other: it is live, and it passed.
    const spared = Math.min(keepNewest, passing.length);
    const newestWhy = keepNewest === 1 ? 'the newest' : `one of the ${keepNewest} newest`;
    for (const [index, item] of passing.entries()) {
        if (index >= passing.length - spared)
            choice.kept.push({ token: item, why: newestWhy });
        else if (kind.own?.is(item)) {
            choice.kept.push({ token: item, why: kind.own.why });
            choice.notes.push(`Kept ${kind.noun} ${item.id}: ${kind.own.note}`);
        }
        else
            choice.chosen.push(item);
    }
    choice.kept.sort((a, b) => byCreation(a.token, b.token));
    if (revoked > 0) {
        choice.notes.push(`Skipped ${count(revoked, 'row')} of tokens already revoked (Infisical lists them until it prunes them).`);
    }
    if (expired > 0) {
        choice.notes.push(`${count(expired, 'row')} looked expired by ${expired === 1 ? 'its' : 'their'} TTL; such a token may still work (a renewal on a current server does not show in its row), so ${expired === 1 ? 'it is' : 'they are'} chosen like live ones.`);
    }
    return choice;
}
/** Oldest first by creation; candidates created in the same millisecond by id, so the order is stable. */
function oldestFirst(items) {
    return [...items].sort(byCreation);
}
function byCreation(a, b) {
    return a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
function count(n, noun) {
    return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

;// CONCATENATED MODULE: ./src/infisical/list.ts
// Token Auth's list route: an identity's tokens, one page at a time. What Infisical's backend does
// (backend/src/services/identity-token-auth/identity-token-auth-service.ts, getTokenAuthTokens; see
// docs/infisical-api.md): it checks that the identity is in the caller's organization (404 "Failed to
// find identity …" when not), that it has Token Auth (400), and that the caller may read it (403);
// then it answers the identity's TOKEN_AUTH rows sorted by updatedAt, newest first, revoked rows
// included until a cleanup job prunes them. Expiry never marks a row revoked: it is read here from
// the row's TTL and use count, as the server does when the token is used.





/** The most rows the server gives per page (`limit` 1–100; more is a 422). */
const LIST_PAGE_LIMIT = 100;
/**
 * The largest `offset` the server takes (more is a 422): with LIST_PAGE_LIMIT, the first 200 rows
 * are all that any client can reach; older, untouched tokens sort after them.
 */
const LIST_MAX_OFFSET = 100;
/**
 * What is kept of a list answer. A row is about 700 bytes of JSON before its name, so a page of
 * 100 rows with long names runs past the 64 KiB kept of a revoke answer (MAX_ANSWER_BYTES); a cut
 * answer would make the whole list a failure. 2 MiB holds any real page (names of 10,000
 * characters included) and still bounds what a wrong server-url can make us hold.
 */
const LIST_ANSWER_MAX_BYTES = 2 * 1024 * 1024;
const LIST_HINTS = {
    identity: "Check tokens-of-identity: no identity with this id is in the access token's organization. It may not exist on this server, or belong to another organization or region (https://eu.infisical.com and https://app.infisical.com are separate). Nothing of it was revoked.",
    noTokenAuth: 'Check tokens-of-identity: this identity does not use Token Auth, so it has no Token Auth tokens to list. Nothing of it was revoked.',
    permission: "Listing tokens needs Identity → Read on their identity: give the identity behind the access token Identity → Read in its organization role (or, for a project-scoped identity, in the project's role); revoking them needs Identity → Edit too.",
};
/** One page of an identity's tokens. The id is one path segment, whatever it holds. */
function listRequest(server, identityId, accessToken, offset, limit) {
    return {
        method: 'GET',
        url: apiUrl(server, `/api/v1/auth/token-auth/identities/${pathSegment(identityId)}/tokens?offset=${offset}&limit=${limit}`),
        bearerToken: accessToken,
        maxBytes: LIST_ANSWER_MAX_BYTES,
    };
}
/** Decides what an answer to the list route means. */
function judgeList(answer, options = {}) {
    const reading = readAnswer(answer, isTokenList, 'a token list');
    if (reading.kind === 'failed')
        return reading;
    if (reading.kind === 'ok') {
        return readRows(reading.json.tokens, options);
    }
    const { status, error } = reading;
    const refused = refusal(status, error);
    if (refused)
        return { kind: 'failed', ...refused };
    return { kind: 'failed', ...failure(status, error, hintFor(status, error)) };
}
function hintFor(status, error) {
    if (status === 404 && /\bidentity\b/i.test(error.message))
        return LIST_HINTS.identity;
    if (status === 400 && /token auth/i.test(error.message))
        return LIST_HINTS.noTokenAuth;
    if (status === 403 && error.error === 'PermissionDenied')
        return LIST_HINTS.permission;
    if (isPermissionBoundary(status, error))
        return HINTS.permissionBoundary;
    return undefined;
}
function isTokenList(json) {
    return isRecord(json) && Array.isArray(json.tokens);
}
// Every row must be readable: a row skipped would be a token this run silently never sees, and a
// row misread could be the wrong token revoked. One unreadable row fails the whole answer.
function readRows(rows, { now = Date.now(), identityId }) {
    const tokens = [];
    for (const [index, row] of rows.entries()) {
        const token = readRow(row, now, identityId?.toLowerCase());
        if (typeof token === 'string') {
            return {
                kind: 'failed',
                status: 200,
                message: `OK, but JSON that is not a token list: row ${index + 1} of ${rows.length} ${token}`,
            };
        }
        tokens.push(token);
    }
    return { kind: 'ok', tokens };
}
/** A row, or what is wrong with it. */
function readRow(row, now, listed) {
    if (!isRecord(row))
        return 'is not an object';
    const { id, identityId, name, isAccessTokenRevoked } = row;
    if (typeof id !== 'string' || !isUuid(id))
        return 'has no token id';
    if (typeof identityId !== 'string' || identityId === '')
        return 'has no identityId';
    if (listed !== undefined && identityId.toLowerCase() !== listed) {
        // An id is shown whole, to be looked up; anything else the server put there is not echoed.
        return isUuid(identityId)
            ? `belongs to another identity (${echo_quotePrefix(identityId, 36)})`
            : 'belongs to another identity (its identityId is not a UUID, not shown)';
    }
    // Older servers have no names: the field is absent, which reads as a token without a name.
    if (name !== undefined && name !== null && typeof name !== 'string') {
        return 'has a name that is not a string';
    }
    if (typeof isAccessTokenRevoked !== 'boolean')
        return 'has no isAccessTokenRevoked';
    const createdAt = dateOf(row.createdAt);
    if (createdAt === undefined)
        return 'has no readable createdAt';
    const updatedAt = dateOf(row.updatedAt);
    if (updatedAt === undefined)
        return 'has no readable updatedAt';
    return {
        id: id.toLowerCase(),
        identityId: identityId.toLowerCase(),
        name: name ?? null,
        createdAt,
        updatedAt,
        revoked: isAccessTokenRevoked,
        expired: isExpired(row, createdAt, now),
    };
}
/**
 * As the server decides when the token is used (identity-access-token-service.ts,
 * validateAccessTokenExp): used up once its use count reaches a limit above 0; past its TTL (in
 * seconds, 0 = never) counted from its last renewal, else its creation. Missing or unreadable
 * fields read as "not expired": such a token is only revoked once more than needed, which
 * Infisical answers with 200.
 */
function isExpired(row, createdAt, now) {
    const uses = numberOf(row.accessTokenNumUses);
    const usesLimit = numberOf(row.accessTokenNumUsesLimit);
    if (usesLimit > 0 && uses >= usesLimit)
        return true;
    const ttl = numberOf(row.accessTokenTTL);
    if (ttl <= 0)
        return false;
    const from = dateOf(row.accessTokenLastRenewedAt) ?? createdAt;
    return now > from.getTime() + ttl * 1000;
}

;// CONCATENATED MODULE: ./src/select/list-all.ts
// Lists the tokens of every identity named, completely, before anything is revoked: revoking bumps
// a row's updatedAt and moves it to the top of a list sorted by updatedAt, so revoking while paging
// would shift rows between the pages. Each page goes through the one retry loop of every call.
// Identities are listed one after another: a run names a few, and the read budget is shared.




/**
 * Every page of every identity, in the order named; `each` hears of each identity as soon as its
 * list is complete, so that its tokens can be revoked while the next identities are listed.
 */
async function listAll(identityIds, ctx, each) {
    return listEach(identityIds, ctx.stop, (identityId, heard) => listOne(identityId, ctx, heard), {
        state: ctx.listing,
        notListed: (identityId, halt) => ({
            identityId,
            tokens: [],
            full: false,
            error: `Did not list the tokens of identity ${identityId}: ${sentence(halt.reason)}`,
            refused: halt.refused || undefined,
        }),
        each,
    });
}
/**
 * Lists identity after identity, one at a time (the read budget is shared); once one list halts
 * the run's listing (the access token refused, the server unreachable, a stop), the rest are not
 * listed, each with why.
 */
async function listEach(identityIds, stop, listOne, { notListed, each, state = { heard: { any: false } }, }) {
    const listed = [];
    for (const identityId of identityIds) {
        if (state.halt === undefined && stop.aborted) {
            state.halt = { reason: 'the run stopped before it', refused: false };
        }
        const one = state.halt !== undefined
            ? { listed: notListed(identityId, state.halt) }
            : await listOne(identityId, state.heard);
        listed.push(one.listed);
        each?.(one.listed);
        state.halt ??= one.halt;
    }
    return listed;
}
/** The warning for an identity whose list is full. */
function fullListWarning(identityId) {
    const rows = LIST_MAX_OFFSET + LIST_PAGE_LIMIT;
    return (`Identity ${identityId} has ${rows} or more tokens: Infisical lists only the ${rows} most recently updated ` +
        `(revoked ones included until it prunes them), so older tokens may be out of reach for this run. ` +
        'A later run reaches further once Infisical has pruned the revoked rows; token-id revokes any token by its id.');
}
async function listOne(identityId, ctx, heard) {
    const rows = [];
    // Offsets 0 and 100: the server takes no larger offset, so 200 rows are all there is to read.
    for (let offset = 0; offset <= LIST_MAX_OFFSET; offset += LIST_PAGE_LIMIT) {
        const page = await listPage(identityId, offset, ctx, heard);
        if (page.kind === 'failed') {
            const listed = { identityId, tokens: [], full: false, error: page.line };
            if (page.halt?.refused)
                listed.refused = true;
            return { listed, halt: page.halt };
        }
        rows.push(...page.tokens);
        if (page.tokens.length < LIST_PAGE_LIMIT) {
            return { listed: { identityId, tokens: onceEach(rows), full: false } };
        }
    }
    return { listed: { identityId, tokens: onceEach(rows), full: true } };
}
async function listPage(identityId, offset, ctx, heard) {
    const request = listRequest(ctx.server, identityId, ctx.accessToken, offset, LIST_PAGE_LIMIT);
    const rows = offset === 0 ? '' : ` (rows ${offset + 1}–${offset + LIST_PAGE_LIMIT})`;
    const now = (ctx.now ?? Date.now)();
    const read = await readPage(request, `list the tokens of identity ${identityId}`, rows, ctx, heard, {
        judge: (answer) => judgeList(answer, { now, identityId }),
        listing: `listing identity ${identityId}`,
        next: 'no other identity was listed',
    });
    return read.kind === 'ok' ? { kind: 'ok', tokens: read.value.tokens } : read;
}
/**
 * One read of a list (a page of tokens, an identity's client secrets, a page of the organization's
 * identities), through the one retry loop of every call: what it gave, or its failure in one line
 * and whether the lists after it are worth reading.
 */
async function readPage(request, what, rows, ctx, heard, reader) {
    const failed = (attempts, text) => `Could not ${what}${rows}${attempts > 1 ? ` after ${attempts} attempts` : ''}: ${text}`;
    const done = await attempt(request, what, ctx);
    if (done.kind === 'stopped') {
        const text = done.attempts === 0
            ? 'not attempted: the run stopped before it.'
            : sentence(`${done.lastReason}; not retried: the run stopped`);
        return {
            kind: 'failed',
            line: failed(done.attempts, text),
            halt: { reason: 'the run stopped before it', refused: false },
        };
    }
    if (done.kind === 'no-answer') {
        heard.any ||= done.heard;
        const where = describeServer(ctx.server);
        const line = failed(done.attempts, sentence(`no answer from Infisical at ${where}: ${done.error.message}`));
        // As for revokes: a server never heard from in this run will not answer the next list either.
        const unreachable = !heard.any && done.error.code !== 'ECANCELED';
        const halt = unreachable
            ? {
                reason: `Infisical at ${where} could not be reached when ${reader.listing}, so ${reader.next}`,
                refused: false,
            }
            : undefined;
        return { kind: 'failed', line, halt };
    }
    heard.any = true;
    const verdict = reader.judge(done.answer);
    if (verdict.kind === 'ok')
        return { kind: 'ok', value: verdict };
    const { status, errorName, message, reqId, hint, refused } = verdict;
    const line = failed(done.attempts, `${status} ${sentence(message, reqId)}${hint ? ` ${hint}` : ''}`);
    const said = errorName === undefined ? `${status}` : `${status} ${errorName}`;
    const halt = refused
        ? {
            reason: `Infisical refused the access token (${said}) when ${reader.listing}: every other request would be refused too, so ${reader.next}`,
            refused: true,
        }
        : undefined;
    return { kind: 'failed', line, halt };
}
// A row renewed or renamed between the two page requests moves up and can be read twice: once is
// enough, and its later state (the greater updatedAt) is the one that counts.
function onceEach(rows) {
    const byId = new Map();
    for (const row of rows) {
        const seen = byId.get(row.id);
        if (seen === undefined || row.updatedAt > seen.updatedAt)
            byId.set(row.id, row);
    }
    return [...byId.values()];
}

;// CONCATENATED MODULE: ./src/select/client-secrets.ts
// Lists the live Universal Auth client secrets of each identity named, one identity at a time
// (the list has no paging: one read each), before any of that identity's secrets is revoked.



/** Every identity's live client secrets, in the order named; `each` hears of each list as it completes. */
async function listSecrets(identityIds, ctx, each) {
    return listEach(identityIds, ctx.stop, (identityId, heard) => client_secrets_listOne(identityId, ctx, heard), {
        state: ctx.listing,
        notListed: (identityId, halt) => ({
            identityId,
            secrets: [],
            error: `Did not list the client secrets of identity ${identityId}: ${sentence(halt.reason)}`,
            refused: halt.refused || undefined,
        }),
        each,
    });
}
async function client_secrets_listOne(identityId, ctx, heard) {
    const request = secretListRequest(ctx.server, identityId, ctx.accessToken);
    const read = await readPage(request, `list the client secrets of identity ${identityId}`, '', ctx, heard, {
        judge: (answer) => judgeSecretList(answer, identityId),
        listing: `listing the client secrets of identity ${identityId}`,
        next: 'no other identity was listed',
    });
    if (read.kind === 'ok')
        return { listed: { identityId, secrets: client_secrets_onceEach(read.value.secrets) } };
    return {
        listed: {
            identityId,
            secrets: [],
            error: read.line,
            ...(read.halt?.refused ? { refused: true } : {}),
        },
        halt: read.halt,
    };
}
function client_secrets_onceEach(secrets) {
    return [...new Map(secrets.map((secret) => [secret.id, secret])).values()];
}

;// CONCATENATED MODULE: ./src/infisical/organization.ts




/** The most memberships asked for per page: a few pages for a large organization, each well under a megabyte. */
const MEMBERSHIP_PAGE_LIMIT = 100;
/** A page of 100 memberships is about 60 KB of JSON; names of any length still fit. */
const MEMBERSHIP_ANSWER_MAX_BYTES = 4 * 1024 * 1024;
/** The auth method names Infisical gives an identity's methods (`token-auth`, `universal-auth`, …). */
const TOKEN_AUTH = 'token-auth';
const UNIVERSAL_AUTH = 'universal-auth';
const ORGANIZATION_HINTS = {
    permission: "Listing the organization's identities needs Identity → Read in the organization: give the identity behind the access token a role with Identity → Read, or name the identities by id instead of all.",
    details: 'The organization of the access token could not be read (GET /api/v1/identities/details): `all` needs an access token of a machine identity.',
};
/** What GET /api/v1/identities/details says of the access token's organization. */
function judgeOrganization(answer) {
    const reading = readAnswer(answer, isDetailsWithOrganization, 'identity details');
    if (reading.kind === 'failed')
        return reading;
    if (reading.kind === 'ok') {
        const json = reading.json;
        return { kind: 'ok', orgId: json.identityDetails.organization.id.toLowerCase() };
    }
    return failedWith(reading.status, reading.error, ORGANIZATION_HINTS.details);
}
function isDetailsWithOrganization(json) {
    return (isRecord(json) &&
        isRecord(json.identityDetails) &&
        isRecord(json.identityDetails.organization) &&
        typeof json.identityDetails.organization.id === 'string' &&
        isUuid(json.identityDetails.organization.id));
}
/** One page of the organization's identity memberships. The id is one path segment, whatever it holds. */
function membershipsRequest(server, orgId, accessToken, offset) {
    // Both servers' parameter names are left out: the defaults (by name, ascending) are what is
    // wanted, and an older server would refuse the newer names with a 422.
    return {
        method: 'GET',
        url: apiUrl(server, `/api/v2/organizations/${pathSegment(orgId)}/identity-memberships?offset=${offset}&limit=${MEMBERSHIP_PAGE_LIMIT}`),
        bearerToken: accessToken,
        maxBytes: MEMBERSHIP_ANSWER_MAX_BYTES,
    };
}
/** Decides what a page of the memberships route means; `orgId` is the organization asked for. */
function judgeMemberships(answer, orgId) {
    const reading = readAnswer(answer, isMembershipPage, 'a list of identity memberships');
    if (reading.kind === 'failed')
        return reading;
    if (reading.kind === 'error') {
        const { status, error } = reading;
        const hint = status === 403 && error.error !== 'TokenError' ? ORGANIZATION_HINTS.permission : undefined;
        return failedWith(status, error, hint);
    }
    const { identityMemberships, totalCount } = reading.json;
    const identities = [];
    for (const [index, membership] of identityMemberships.entries()) {
        const identity = readMembership(membership, orgId.toLowerCase());
        if (typeof identity === 'string') {
            return {
                kind: 'failed',
                status: 200,
                message: `OK, but JSON that is not a list of identity memberships: membership ${index + 1} of ${identityMemberships.length} ${identity}`,
            };
        }
        identities.push(identity);
    }
    return {
        kind: 'ok',
        identities,
        totalCount: typeof totalCount === 'number' && totalCount >= 0 ? totalCount : identities.length,
    };
}
function isMembershipPage(json) {
    return isRecord(json) && Array.isArray(json.identityMemberships);
}
// Every membership must be readable: one skipped would be an identity swept silently never.
function readMembership(membership, orgId) {
    if (!isRecord(membership) || !isRecord(membership.identity))
        return 'has no identity';
    const { id, name, orgId: identityOrg, authMethods, authMethod } = membership.identity;
    if (typeof id !== 'string' || !isUuid(id))
        return 'has no identity id';
    // An identity of another organization on this page is a server (or a cache) answering for the
    // wrong organization: nothing of such a page is revoked.
    const org = typeof identityOrg === 'string' ? identityOrg : membership.orgId;
    if (typeof org === 'string' && org.toLowerCase() !== orgId) {
        return isUuid(org)
            ? `belongs to another organization (${echo_quotePrefix(org, 36)})`
            : 'belongs to another organization';
    }
    const methods = Array.isArray(authMethods)
        ? authMethods
        : authMethod === null || authMethod === undefined
            ? []
            : [authMethod];
    if (!methods.every((method) => typeof method === 'string')) {
        return 'has an auth method that is not a string';
    }
    return {
        id: id.toLowerCase(),
        name: typeof name === 'string' ? name : '',
        authMethods: methods.map((method) => method.toLowerCase()),
    };
}
function failedWith(status, error, hint) {
    const refused = refusal(status, error);
    if (refused)
        return { kind: 'failed', ...refused };
    return { kind: 'failed', ...failure(status, error, hint) };
}

;// CONCATENATED MODULE: ./src/select/sweep.ts
// Which identities a run reaches: those named by id, and, for `all`, every identity of the access
// token's organization that has the auth method in question (Token Auth for tokens, Universal Auth
// for client secrets), narrowed by identity-name. The organization is the token's own `orgId`
// claim on current servers, else what GET /api/v1/identities/details says; its identities come
// from every page of the memberships route, read before any identity is listed.





/** Skipped (tokens): the identity has no Token Auth, so no Token Auth tokens to list. */
const NO_TOKEN_AUTH = 'no Token Auth';
const NO_UNIVERSAL_AUTH = 'no Universal Auth';
async function sweepOf(selection, ctx) {
    const named = {
        tokenIdentities: selection.identityIds,
        secretIdentities: selection.clientSecrets?.identityIds ?? [],
    };
    const tokensAll = selection.allIdentities;
    const secretsAll = selection.clientSecrets?.all ?? false;
    if (!tokensAll && !secretsAll)
        return named;
    const read = await identitiesOf(ctx);
    if (read.kind === 'failed')
        return { ...named, error: read.line, refused: read.refused };
    const matches = selection.identityName === undefined ? undefined : nameMatcher(selection.identityName);
    const nameWhy = selection.identityName === undefined
        ? ''
        : `name ${isGlob(selection.identityName) ? 'does not match' : 'is not'} ${JSON.stringify(selection.identityName)}`;
    const skip = (identity, method, without) => {
        if (!identity.authMethods.includes(method))
            return without;
        return matches && !matches(identity.name) ? nameWhy : undefined;
    };
    const identities = read.identities.map((identity) => {
        const swept = { ...identity };
        if (tokensAll)
            swept.tokens = skip(identity, TOKEN_AUTH, NO_TOKEN_AUTH);
        if (secretsAll)
            swept.secrets = skip(identity, UNIVERSAL_AUTH, NO_UNIVERSAL_AUTH);
        return swept;
    });
    const union = (ids, all, field) => {
        const swept = all
            ? identities.filter((identity) => identity[field] === undefined).map((i) => i.id)
            : [];
        return [...new Set([...ids, ...swept])];
    };
    return {
        tokenIdentities: union(named.tokenIdentities, tokensAll, 'tokens'),
        secretIdentities: union(named.secretIdentities, secretsAll, 'secrets'),
        organization: { id: read.orgId, identities },
    };
}
const NEXT = 'no identity was swept';
/** The organization of the access token, and every identity in it, in the server's order. */
async function identitiesOf(ctx) {
    const heard = { any: false };
    let orgId = orgIdOfAccessToken(ctx.accessToken);
    if (orgId === undefined) {
        const details = await readPage(detailsRequest(ctx.server, ctx.accessToken), "read the access token's organization", '', ctx, heard, { judge: judgeOrganization, listing: "reading the access token's organization", next: NEXT });
        if (details.kind === 'failed')
            return failedRead(details);
        orgId = details.value.orgId;
    }
    ctx.log(`Listing the identities of organization ${orgId}.`);
    const byId = new Map();
    let totalCount = 0;
    // Paged by what each page gave, not by the limit asked: a server that caps the limit lower still
    // gives every page. Bounded, should a server count more than it ever lists.
    for (let offset = 0, pages = 0; pages < MAX_MEMBERSHIP_PAGES; pages += 1) {
        const rows = offset === 0 ? '' : ` (from ${offset + 1})`;
        const page = await readPage(membershipsRequest(ctx.server, orgId, ctx.accessToken, offset), `list the identities of organization ${orgId}`, rows, ctx, heard, {
            judge: (answer) => judgeMemberships(answer, orgId),
            listing: `listing the identities of organization ${orgId}`,
            next: NEXT,
        });
        if (page.kind === 'failed')
            return failedRead(page);
        // An identity added or removed between two pages moves the rest by one (and the server orders
        // by name alone, so equal names may swap): each is read once.
        for (const identity of page.value.identities)
            byId.set(identity.id, identity);
        totalCount = page.value.totalCount;
        offset += page.value.identities.length;
        if (page.value.identities.length === 0 || offset >= totalCount)
            break;
    }
    if (byId.size < totalCount) {
        ctx.warn?.(`Listed ${byId.size} of the ${totalCount} identities Infisical counts in organization ${orgId}: identities added or removed while the pages were read move the rest between pages. The identities not listed were not swept; a later run reaches them.`);
    }
    return { kind: 'ok', orgId, identities: [...byId.values()] };
}
/** Pages of memberships read at the most: 1,000 × 100 identities. */
const MAX_MEMBERSHIP_PAGES = 1000;
function failedRead(read) {
    return { kind: 'failed', line: read.line, ...(read.halt?.refused ? { refused: true } : {}) };
}

;// CONCATENATED MODULE: ./src/select/credentials.ts





async function selectCredentials(selection, given, chose = () => { }) {
    // One moment for every age: the choices handed on and the one reported are the same.
    const now = (given.now ?? Date.now)();
    // The tokens' lists and the client secrets' share one state: a halt of the one stops the other.
    const ctx = { ...given, listing: given.listing ?? { heard: { any: false } } };
    const sweep = await sweepOf(selection, ctx);
    if (sweep.refused) {
        const none = choose([], selection, { now });
        return { listed: [], chosen: none, sweep, refused: sweep.error };
    }
    const tokenIds = sweep.tokenIdentities;
    const listed = tokenIds.length === 0
        ? []
        : await (async () => {
            ctx.log(`Listing the Token Auth tokens of ${plural(tokenIds.length, 'identity', 'identities')}.`);
            return listAll(tokenIds, ctx, (list) => {
                const choice = choose([list], selection, { now, ownTokenId: ctx.ownTokenId });
                const one = choice.identities[0];
                if (list.error === undefined) {
                    ctx.log(`Identity ${list.identityId}: listed ${plural(list.tokens.length, 'token')}; chose ${one?.chosen.length ?? 0}.`);
                    for (const note of one?.notes ?? [])
                        ctx.log(`Identity ${list.identityId}: ${note}`);
                    if (list.full)
                        ctx.warn(fullListWarning(list.identityId));
                }
                if (choice.chosen.length > 0)
                    chose({ tokens: choice.chosen });
            });
        })();
    const chosen = choose(listed, selection, { now, ownTokenId: ctx.ownTokenId });
    let refused = listed.find((list) => list.refused)?.error;
    let secrets;
    if (selection.clientSecrets) {
        const isOwn = ctx.isOwnSecret ?? (() => false);
        const ids = sweep.secretIdentities;
        if (ids.length > 0) {
            ctx.log(`Listing the client secrets of ${plural(ids.length, 'identity', 'identities')}.`);
        }
        const listedSecrets = await listSecrets(ids, ctx, (list) => {
            const choice = chooseSecrets([list], selection, { now, isOwn });
            const one = choice.identities[0];
            if (list.error === undefined) {
                ctx.log(`Identity ${list.identityId}: listed ${plural(list.secrets.length, 'live client secret')}; chose ${one?.chosen.length ?? 0}.`);
                for (const note of one?.notes ?? [])
                    ctx.log(`Identity ${list.identityId}: ${note}`);
            }
            if (choice.chosen.length > 0)
                chose({ secrets: choice.chosen });
        });
        secrets = {
            listed: listedSecrets,
            chosen: chooseSecrets(listedSecrets, selection, { now, isOwn }),
        };
        refused ??= listedSecrets.find((list) => list.refused)?.error;
    }
    return { listed, chosen, sweep, secrets, refused };
}

;// CONCATENATED MODULE: ./src/select/own-secret.ts

function ownSecretOf(accessToken, credentials) {
    const claimed = clientSecretIdOfAccessToken(accessToken);
    const loggedInWith = credentials.method === 'universal' ? credentials.clientSecret : undefined;
    return (secret) => secret.id === claimed ||
        (loggedInWith !== undefined &&
            secret.prefix !== undefined &&
            secret.prefix !== '' &&
            loggedInWith.startsWith(secret.prefix));
}

;// CONCATENATED MODULE: ./src/select/index.ts
// Choosing the credentials to revoke from Infisical's lists: the identities named (or, for `all`,
// the organization's), every page of each one's list before any of its tokens is revoked, then the
// choice by the filters inputs/selection.ts read. The rest of the action sees only this interface.





;// CONCATENATED MODULE: ./src/stop/stopping.ts

class Stopping {
    cancellation;
    cutOff;
    log;
    controller = new AbortController();
    grace;
    stopped;
    /** Aborted once no new request may start. */
    signal = this.controller.signal;
    constructor(cancellation, 
    /** Cuts off every request in flight. */
    cutOff, log) {
        this.cancellation = cancellation;
        this.cutOff = cutOff;
        this.log = log;
        if (cancellation.signal.aborted)
            this.onCancel();
        else
            cancellation.signal.addEventListener('abort', this.onCancel);
        cancellation.urgent.addEventListener('abort', this.cutOff);
    }
    /** Why the run stopped, if it did while something was left to do. */
    get reason() {
        return this.stopped;
    }
    /**
     * Starts no new request from now on. The reason is kept (and logged) only while something is
     * left undone: a batch whose last token was refused did not stop early.
     */
    halt(stop, somethingLeft = true) {
        if (this.controller.signal.aborted)
            return;
        this.controller.abort();
        if (!somethingLeft && stop.kind !== 'cancelled')
            return;
        this.stopped = stop;
        // A refused login is the step's closing error as it stands; other stops are told where they happen.
        if (stop.kind !== 'login')
            this.log(stop.reason);
    }
    dispose() {
        clearTimeout(this.grace);
        this.cancellation.signal.removeEventListener('abort', this.onCancel);
        this.cancellation.urgent.removeEventListener('abort', this.cutOff);
    }
    onCancel = () => {
        // A first signal that is already the second (Windows' CTRL_BREAK, see cancel.ts) gives no grace.
        const urgent = this.cancellation.urgent.aborted;
        this.halt({
            kind: 'cancelled',
            reason: `The run was cancelled (${String(this.cancellation.signal.reason)}): no new request is sent; ${urgent ? 'requests in flight are cut off.' : `requests in flight get ${CANCEL_GRACE_MS / 1000} s to finish.`}`,
        });
        if (!urgent)
            this.grace = setTimeout(this.cutOff, CANCEL_GRACE_MS);
    };
}

;// CONCATENATED MODULE: ./src/stop/wrap-up.ts
const WRAP_UP_MS = 7_000;
/**
 * Starts listening at once: the deadline counts from the first signal, which may come long before
 * the work it bounds starts (a cancel mid-batch).
 */
function wrapUpAfterCancel(cancellation, ms = WRAP_UP_MS) {
    const controller = new AbortController();
    let timer;
    const onUrgent = () => controller.abort(cancellation.urgent.reason);
    const onFirst = () => {
        timer = setTimeout(() => controller.abort('the deadline after a cancel'), ms);
        // Nothing else to do must not wait for it.
        timer.unref();
    };
    if (cancellation.urgent.aborted)
        onUrgent();
    else
        cancellation.urgent.addEventListener('abort', onUrgent, { once: true });
    // A signal heard before this started counts from now: the phase starts within milliseconds of
    // the process.
    if (cancellation.signal.aborted)
        onFirst();
    else
        cancellation.signal.addEventListener('abort', onFirst, { once: true });
    return {
        signal: controller.signal,
        dispose: () => {
            clearTimeout(timer);
            cancellation.urgent.removeEventListener('abort', onUrgent);
            cancellation.signal.removeEventListener('abort', onFirst);
        },
    };
}

;// CONCATENATED MODULE: ./src/text/redact-answers.ts

function redacting(send, redact) {
    if (redact === undefined)
        return send;
    // Whole values: the answer must still mean what it meant (a login's new token stays usable).
    const wire = Object.assign((text) => redact.whole(text), { cutEnd: redact.cutEnd });
    return async (request) => redactAnswer(await send(request), wire);
}

;// CONCATENATED MODULE: ./src/step.ts















async function runPhase(inputs, deps) {
    const { server, named } = inputs;
    const timeoutMs = inputs.timeoutSeconds * 1000;
    const http = createHttp({ timeoutMs, extraHeaders: inputs.extraHeaders });
    // GitHub's ID-token service has a client of its own: extra-headers (a Cloudflare Access
    // secret, say) are for the way to Infisical, and must not reach anyone else.
    const github = createHttp({ timeoutMs });
    // The instance metadata service, likewise (method: aws-iam): a deadline of its own, so that a
    // runner off EC2 learns in seconds that there is no instance role.
    const imds = createHttp({ timeoutMs: Math.min(timeoutMs, IMDS_TIMEOUT_MS) });
    const cutOff = () => {
        http.close();
        github.close();
        imds.close();
    };
    const stopping = new Stopping(deps.cancellation, cutOff, deps.log);
    // The logout's deadline after a cancel counts from the signal, which may come mid-batch.
    const wrapUp = wrapUpAfterCancel(deps.cancellation);
    // Answers are redacted as they arrive, before anything cuts an excerpt out of them.
    const calls = (send, stop) => attemptContext(inputs.retries, redacting(send, deps.redact), stop, deps.log);
    const writes = calls(http.send, stopping.signal);
    const policy = { ignoreNotFound: inputs.ignoreNotFound };
    try {
        let session;
        try {
            session = await logIn(inputs.credentials)({
                server,
                attempts: writes,
                getIdToken: githubIdToken(deps.idTokenRequest, calls(github.send, stopping.signal), deps.mask),
                mask: deps.mask,
                warn: deps.warn,
                timeoutMs,
                aws: deps.aws,
                imds: imds.send,
                readTextFile: deps.readTextFile,
            });
        }
        catch (error) {
            if (!(error instanceof LoginError))
                throw error;
            stopping.halt({ kind: 'login', reason: error.message });
            return {
                settled: notAttempted(planOf(named, undefined), policy),
                stopped: stopping.reason,
                // Who tried, and with which filters: the record of a refused login too.
                acting: actingOf(inputs.credentials),
                filters: inputs.selection,
            };
        }
        finally {
            // Asked once, at the login: no idle connection to GitHub (or IMDS) is kept for the rest of the run.
            github.close();
            imds.close();
        }
        const { accessToken, login } = session;
        const ownTokenId = tokenIdOfAccessToken(accessToken);
        if (login) {
            deps.log(`Logged in to Infisical with ${login.as}; the login's access token is masked and is revoked when this step ends.`);
        }
        let settled = [];
        let logout;
        let selected;
        let dryRun;
        try {
            const plan = planOf(named, ownTokenId);
            const namedIds = new Set(named.tokenIds);
            // Each identity's choice, handed on as its list completes: a token named in token-id too
            // is revoked once, where token-id put it.
            const feed = new Feed();
            const chose = (choice) => {
                if ('tokens' in choice) {
                    const fresh = choice.tokens.filter((token) => !namedIds.has(token.id));
                    feed.push(...fresh.map((token) => ({ tokenId: token.id, self: false })));
                }
                else {
                    feed.push(...choice.secrets.map((secret) => clientSecretTarget(secret.id, secret.identityId)));
                }
            };
            // Kept, not thrown, while the revokes run: a rejection nobody awaits yet would end the
            // process before the login is revoked. Thrown once they are done.
            let selectionFailed;
            const selecting = inputs.selection
                ? selectCredentials(inputs.selection, {
                    // Reads have a budget of their own on Infisical Cloud: a pacer of their own.
                    ...calls(http.send, stopping.signal),
                    server,
                    accessToken,
                    ownTokenId,
                    isOwnSecret: ownSecretOf(accessToken, inputs.credentials),
                    warn: deps.warn,
                }, chose).then((found) => {
                    selected = found;
                    if (found.refused)
                        stopping.halt({ kind: 'refused', reason: found.refused });
                    // The tokens named in token-id go once every list is read: a named token may be
                    // of an identity still being listed, and its revoke would move its row there.
                    feed.push(...plan.batch);
                    feed.end();
                }, (error) => {
                    selectionFailed = { error };
                    feed.end();
                })
                : undefined;
            if (!selecting)
                feed.end();
            const selectionDone = async () => {
                await selecting;
                if (selectionFailed)
                    throw selectionFailed.error;
            };
            if (inputs.dryRun) {
                await selectionDone();
                const chosen = selected?.chosen.chosen.map((token) => token.id) ?? [];
                const fresh = chosen.filter((id) => !namedIds.has(id));
                // What a real run would find, in its order, the access token's own token folded in.
                dryRun = await lookUp(inOrder({
                    ...plan,
                    batch: [...plan.batch, ...fresh.map((tokenId) => ({ tokenId, self: false }))],
                }), {
                    ...calls(http.send, stopping.signal),
                    server,
                    accessToken,
                    listedLive: new Set(chosen),
                    halt: (stop) => stopping.halt(stop),
                });
            }
            else {
                // The first revoke waits for the first identity's list (or for the selection to end):
                // a list that the server refuses stops the run before any token is revoked.
                await feed.ready;
                settled = await revokeAll(selecting ? { ...plan, batch: [] } : plan, policy, {
                    ...writes,
                    reads: inputs.verify ? calls(http.send, stopping.signal) : undefined,
                    server,
                    accessToken,
                    concurrency: inputs.concurrency,
                    stopping,
                    settled: deps.settled,
                }, feed);
                await selectionDone();
            }
        }
        finally {
            // Also after a failure or a cancel: a login left live is a credential nobody watches.
            if (login) {
                const own = createHttp({ timeoutMs, extraHeaders: inputs.extraHeaders });
                // Not stopped by the first signal (the login must still be revoked), but by the second, or
                // by the deadline after a cancel (stop/wrap-up.ts): the step ends before the runner kills it.
                const stop = wrapUp.signal;
                const onStop = () => own.close();
                if (stop.aborted)
                    onStop();
                else
                    stop.addEventListener('abort', onStop);
                try {
                    logout = await logOut(login, ownTokenId, {
                        ...calls(own.send, stop),
                        reads: inputs.verify ? calls(own.send, stop) : undefined,
                        server,
                        accessToken,
                    });
                }
                finally {
                    stop.removeEventListener('abort', onStop);
                    own.close();
                }
            }
        }
        const selection = selected && {
            listed: selected.listed,
            chosen: selected.chosen,
            sweep: selected.sweep,
            secrets: selected.secrets,
        };
        return {
            ...{ settled, stopped: stopping.reason, logout, selection, dryRun },
            acting: actingOf(inputs.credentials, accessToken),
            filters: inputs.selection,
        };
    }
    finally {
        stopping.dispose();
        wrapUp.dispose();
        http.close();
        github.close();
        imds.close();
    }
}
function attemptContext(retries, send, stop, log) {
    const sleep = sleepUnless(stop);
    return { retries, send, pacer: new RateLimitPacer({ now: Date.now, sleep }), sleep, log, stop };
}

;// CONCATENATED MODULE: ./src/stop/cancel.ts
// Cancellation as the runner does it. Cancelling a run (or a step's timeout-minutes) sends, on
// Linux and macOS, SIGINT to the step's node process, SIGTERM 7.5 s later, and kills the process
// tree 2.5 s after that (GitHub's "Canceling a workflow" docs); on Windows it sends CTRL_C, then
// CTRL_BREAK 7.5 s later, then kills the tree (actions/runner ProcessInvoker.cs), which node
// delivers as SIGINT and SIGBREAK (SIGTERM never arrives there). Node's default is to die at once
// on any of them, losing the outputs and the summary; instead, the first signal stops new requests
// and the second cuts those in flight short, so that the step can still say what it did.
/** The signals a runner cancels with, on any operating system. */
const CANCEL_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGBREAK'];
function watchCancellation() {
    const first = new AbortController();
    const second = new AbortController();
    const onSignal = (name) => {
        // CTRL_BREAK is only ever the runner's second signal, 2.5 s before the kill: even when it is the
        // first one node hears (a CTRL_C that did not reach the process), there is no time left for a
        // grace period. `urgent` goes first, so that whoever hears `signal` already knows it.
        if (first.signal.aborted || name === 'SIGBREAK')
            second.abort(name);
        if (!first.signal.aborted)
            first.abort(name);
    };
    // On Linux and macOS SIGBREAK is no signal: listening for it is a plain event listener, harmless.
    for (const name of CANCEL_SIGNALS)
        process.on(name, onSignal);
    return {
        signal: first.signal,
        urgent: second.signal,
        dispose: () => {
            for (const name of CANCEL_SIGNALS)
                process.off(name, onSignal);
        },
    };
}

;// CONCATENATED MODULE: ./src/main.ts
// The step's edge: reads the runner's inputs, hands plain values to the logic, and writes what it
// returns back to the runner. Nothing else touches @actions/core or process.env.













/**
 * Runs one phase of the action. Without a phase it is the main step, as `@github/local-action`
 * and similar tools call it: `revoke-at: job-end` then only records the revoke for the post step.
 */
async function run(phase = 'main') {
    const cancellation = watchCancellation();
    // Read raw: masking must cover the value exactly as given, white space included.
    const read = (name) => getInput(name, { trimWhitespace: false });
    // The proxy's password sits in the environment (https_proxy and the like), not in an input.
    const secrets = [...new Set([...secretsIn(read), ...secretsInProxyEnv(process.env)])];
    for (const secret of secrets)
        core_setSecret(secret);
    const say = redactor(secrets);
    try {
        if (phase === 'post' && getState(REVOKE_AT_JOB_END) !== 'true') {
            core_debug('Nothing to revoke at job end: revoke-at is now.');
            return;
        }
        const { inputs, warnings } = parseInputs(read, phase, {
            // Whether the job may ask for a GitHub ID token: the runner sets both with id-token: write.
            canRequestIdToken: Boolean(process.env.ACTIONS_ID_TOKEN_REQUEST_URL && process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN),
        });
        for (const warning of warnings)
            core_warning(say(warning));
        const scope = scopeOf(inputs);
        if (phase === 'main' && inputs.revokeAt === 'job-end') {
            saveState(REVOKE_AT_JOB_END, 'true');
            const emptyNow = [
                ...(namesNoToken(inputs) ? ['token-id'] : []),
                ...emptyCredentials(inputs.credentials),
            ];
            info(say(jobEndNotice(scope, emptyNow)));
            return;
        }
        if (namesNoToken(inputs)) {
            if (!inputs.ignoreNotFound)
                throw emptyTokenIdError();
            core_warning('Nothing to revoke: token-id is empty. Counted as done because ignore-not-found is true.');
            await publish({ settled: [] }, inputs, phase, say);
            return;
        }
        info(say(startLine(scope, describeServer(inputs.server))));
        const run = await runPhase(inputs, {
            log: (line) => info(say(line)),
            warn: (line) => core_warning(say(line)),
            mask: (secret) => {
                core_setSecret(secret);
                say.add(secret);
            },
            redact: say,
            idTokenRequest: main_idTokenRequest(),
            aws: awsEnvironment(),
            readTextFile: (path) => (0,promises_namespaceObject.readFile)(path, 'utf8'),
            cancellation,
            // Each token's line goes to the log as it settles; failures become annotations once,
            // grouped, at the end (GitHub shows only 10 a step). A single token's failure is the
            // step's closing error: said once, there.
            settled: ({ line, done }, total) => {
                if (done || total > 1)
                    info(say(line));
            },
        });
        await publish(run, inputs, phase, say);
    }
    catch (error) {
        if (error instanceof InputError) {
            await publishRefused(error.message, read, phase, say);
            return;
        }
        const err = error instanceof Error ? error : new Error(String(error));
        // One line, as every line of the action: the stack trace goes to the debug log only.
        setFailed(say(`Unexpected error while revoking: ${oneLine(err.message)}`));
        if (isDebug() && err.stack)
            core_debug(say(err.stack));
    }
    finally {
        cancellation.dispose();
    }
}
function scopeOf(inputs) {
    return {
        named: inputs.named,
        identities: inputs.selection?.identityIds.length ?? 0,
        allIdentities: inputs.selection?.allIdentities,
        clientSecrets: inputs.selection?.clientSecrets && {
            identities: inputs.selection.clientSecrets.identityIds.length,
            all: inputs.selection.clientSecrets.all,
        },
        dryRun: inputs.dryRun,
    };
}
/** Outputs, the job summary, the error annotations, and the step's verdict. */
async function publish(run, inputs, phase, say) {
    const verdict = judge(run);
    writeOutputs(run, outputsOf(run, verdict), say);
    // A refused login revoked nothing: the summary says so plainly (and, at job end, what is live).
    const refused = run.stopped?.kind === 'login' ? `\n${loginRefusedMarkdown(run, phase)}` : '';
    await writeSummary(summaryMarkdown(run, verdict, {
        ...contextOf(phase),
        infisical: describeServer(inputs.server),
    }) + refused, say);
    if (run.logout?.done)
        info(say(run.logout.line));
    for (const line of verdict.warnings)
        core_warning(say(line));
    for (const line of verdict.errors)
        error(say(line));
    if (verdict.failure !== undefined)
        setFailed(say(verdict.failure));
}
/**
 * The record of refused inputs, as of any run: every output (the tokens token-id names as not
 * attempted, when it can be read) and a job summary saying nothing was revoked, then the failure.
 */
async function publishRefused(error, read, phase, say) {
    let named;
    try {
        named = parseTokenIds(read('token-id'));
    }
    catch {
        named = undefined; // token-id itself was refused: no ids to name.
    }
    const run = refusedRun(named, tokenIdOfAccessToken(read('access-token').trim()));
    writeOutputs(run, refusedOutputs(run, error), say);
    await writeSummary(refusedMarkdown(run, error, contextOf(phase)), say);
    setFailed(say(error));
}
// Failing to write the outputs must not hide that the revokes worked.
function writeOutputs(run, outputs, say) {
    try {
        for (const [name, value] of Object.entries(outputs))
            setOutput(name, say(value));
    }
    catch (error) {
        const revoked = run.settled.filter((s) => s.result.outcome === 'revoked').length;
        core_warning(say(`Could not write the step's outputs (${error.message}); the revokes still took effect: ${revoked} of ${run.settled.length} tokens revoked (see the log and the job summary).`));
    }
}
/** Where the run is, from the runner's GITHUB_* variables (missing ones are left out). */
function contextOf(phase) {
    const env = process.env;
    return {
        serverUrl: env.GITHUB_SERVER_URL,
        repository: env.GITHUB_REPOSITORY,
        runId: env.GITHUB_RUN_ID,
        runAttempt: env.GITHUB_RUN_ATTEMPT,
        actor: env.GITHUB_ACTOR,
        workflow: env.GITHUB_WORKFLOW,
        job: env.GITHUB_JOB,
        phase,
        at: new Date(),
    };
}
/** The job summary is the audit record; failing to write it must not fail a revoke that worked. */
async function writeSummary(markdown, say) {
    if (!process.env.GITHUB_STEP_SUMMARY)
        return;
    try {
        await summary.addRaw(say(markdown)).write();
    }
    catch (error) {
        core_warning(say(`Could not write the job summary: ${error.message}`));
    }
}
// Where this job may ask GitHub for an ID token. The runner sets both only with
// `permissions: id-token: write`; without them the OIDC login says what to give the job. The
// request itself is the action's own (login/github-id-token.ts): core.getIDToken cannot be aborted.
function main_idTokenRequest() {
    const url = process.env.ACTIONS_ID_TOKEN_REQUEST_URL;
    const token = process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
    return url && token ? { url, token } : undefined;
}
// The runner's AWS identity for method: aws-iam, as aws-actions/configure-aws-credentials exports
// it (or nothing: the instance role, through IMDS). Masked by the login before it is used.
function awsEnvironment() {
    const env = process.env;
    return {
        accessKeyId: env.AWS_ACCESS_KEY_ID || undefined,
        secretAccessKey: env.AWS_SECRET_ACCESS_KEY || undefined,
        sessionToken: env.AWS_SESSION_TOKEN || undefined,
        region: env.AWS_REGION || undefined,
        defaultRegion: env.AWS_DEFAULT_REGION || undefined,
        imdsEndpoint: env.AWS_EC2_METADATA_SERVICE_ENDPOINT || undefined,
        imdsDisabled: env.AWS_EC2_METADATA_DISABLED?.trim().toLowerCase() === 'true',
    };
}


/***/ }),

/***/ 613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 982:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("crypto");

/***/ }),

/***/ 434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 480:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("querystring");

/***/ }),

/***/ 756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 16:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("url");

/***/ }),

/***/ 23:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(407);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ var __webpack_exports__isStartedScript = __webpack_exports__.p8;
/******/ var __webpack_exports__run = __webpack_exports__.eF;
/******/ var __webpack_exports__runPost = __webpack_exports__.a2;
/******/ export { __webpack_exports__isStartedScript as isStartedScript, __webpack_exports__run as run, __webpack_exports__runPost as runPost };
/******/ 

//# sourceMappingURL=index.js.map
package io.github.srsr.client.http;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;

/**
 * Reads an HTTP/1.1 answer for {@link SrsrHttpRequestFactory}: status line, headers (interim
 * {@code 1xx} answers skipped), and a body framed by {@code Content-Length}, chunked encoding or
 * the end of the connection. The body gives its connection back to the pool once read to its end
 * when both sides keep it open and nothing follows it, and closes it otherwise.
 * <p>
 * As strict as RFC 9112 asks of a client that must not be confused about where an answer ends:
 * a {@code Content-Length} that is not all digits, several that differ, one beside a
 * {@code Transfer-Encoding}, a transfer coding other than {@code chunked}, a chunk size that is
 * not all hexadecimal digits, whitespace before a header's colon or at the start of the headers,
 * and a bare CR are each refused with a {@link ProtocolException}, and so is an answer whose
 * head, or whose chunk lines (extensions included) and trailers, exceed their limits: every
 * byte of them is counted.
 */
final class HttpAnswer {

	/** The most a status line, header line, chunk line or trailer line may take. */
	static final int MAX_LINE = 8 * 1024;

	/** The most an answer's head (status lines and headers, interim answers included) may take. */
	static final int MAX_HEAD = 32 * 1024;

	/** The most the framing of a chunked body (chunk lines, extensions, trailers) may take. */
	static final int MAX_CHUNK_FRAMING = 32 * 1024;

	private HttpAnswer() {
	}

	/**
	 * Read the answer to the request just sent on the connection.
	 * @param connection the connection
	 * @param head whether the request was a {@code HEAD} (an answer without body)
	 * @param keepAlive whether the request asked to keep the connection open
	 * @param pool where the connection goes once the body was read to its end
	 * @return the answer
	 * @throws IOException if the answer is cut off or does not arrive in time; a
	 * {@link ProtocolException} if it is not HTTP as RFC 9112 frames it
	 */
	static SrsrHttpRequestFactory.Response read(HttpConnection connection, boolean head, boolean keepAlive,
			HttpConnection.Pool pool) throws IOException {
		InputStream in = connection.input();
		Budget budget = new Budget(MAX_HEAD, "the answer's head is larger than " + (MAX_HEAD / 1024) + " KiB");
		while (true) {
			String statusLine = readLine(in, budget);
			if (statusLine == null) {
				throw new EOFException("the server closed the connection without answering");
			}
			if (!(statusLine.startsWith("HTTP/1.1 ") || statusLine.startsWith("HTTP/1.0 ")) || statusLine.length() < 12) {
				throw new ProtocolException("not an HTTP answer: '" + excerpt(statusLine) + "'");
			}
			int status = statusCode(statusLine);
			String reason = (statusLine.length() > 13) ? statusLine.substring(13).trim() : "";
			HttpHeaders headers = readHeaders(in, budget);
			if (status == 101) {
				throw new ProtocolException("unexpected switch of protocols (101)");
			}
			if (status < 200) {
				// 100 Continue and other interim answers: the final one follows.
				continue;
			}
			boolean http11 = statusLine.startsWith("HTTP/1.1");
			boolean reusable = keepAlive && http11 && !hasToken(headers, HttpHeaders.CONNECTION, "close");
			HttpStatusCode code = HttpStatusCode.valueOf(status);
			boolean chunked = isChunked(headers, http11);
			long contentLength = contentLength(headers);
			Body body;
			if (head || status == 204 || status == 304) {
				body = new FixedLengthBody(connection, in, reusable, pool, 0);
			}
			else if (chunked) {
				body = new ChunkedBody(connection, in, reusable, pool);
			}
			else if (contentLength >= 0) {
				body = new FixedLengthBody(connection, in, reusable, pool, contentLength);
			}
			else {
				body = new UntilClosedBody(connection, in, pool);
			}
			return new SrsrHttpRequestFactory.Response(code, reason, headers, body);
		}
	}

	/**
	 * Read the head of a proxy's answer to {@code CONNECT}, interim answers skipped.
	 * @param in the connection's unbuffered input
	 * @return the status of the final answer
	 * @throws IOException if it is not an HTTP answer, is cut off or does not arrive in time
	 */
	static int readTunnelAnswer(InputStream in) throws IOException {
		Budget budget = new Budget(MAX_HEAD, "the proxy's answer is larger than " + (MAX_HEAD / 1024) + " KiB");
		while (true) {
			String statusLine = readLine(in, budget);
			if (statusLine == null) {
				throw new EOFException("the proxy closed the connection without answering");
			}
			if (!(statusLine.startsWith("HTTP/1.1 ") || statusLine.startsWith("HTTP/1.0 ")) || statusLine.length() < 12) {
				throw new ProtocolException("not an HTTP answer from the proxy: '" + excerpt(statusLine) + "'");
			}
			int status = statusCode(statusLine);
			readHeaders(in, budget);
			if (status >= 200) {
				return status;
			}
		}
	}

	private static int statusCode(String statusLine) throws IOException {
		int code = 0;
		for (int i = 9; i < 12; i++) {
			char c = statusLine.charAt(i);
			if (c < '0' || c > '9') {
				throw new ProtocolException("not an HTTP status: '" + excerpt(statusLine) + "'");
			}
			code = code * 10 + (c - '0');
		}
		if (code < 100 || (statusLine.length() > 12 && statusLine.charAt(12) != ' ')) {
			throw new ProtocolException("not an HTTP status: '" + excerpt(statusLine) + "'");
		}
		return code;
	}

	private static HttpHeaders readHeaders(InputStream in, Budget budget) throws IOException {
		HttpHeaders headers = new HttpHeaders();
		String lastName = null;
		while (true) {
			String line = readLine(in, budget);
			if (line == null) {
				throw new EOFException("the connection was closed in the middle of the answer's headers");
			}
			if (line.isEmpty()) {
				return headers;
			}
			if (isWhitespace(line.charAt(0))) {
				if (lastName == null) {
					throw new ProtocolException("the answer's headers begin with whitespace: '" + excerpt(line) + "'");
				}
				// An obsolete folded line continues the previous header's last value (RFC 9112, 5.2).
				List<String> values = headers.get(lastName);
				int last = values.size() - 1;
				values.set(last, values.get(last) + " " + trim(line));
				continue;
			}
			lastName = headerName(line);
			headers.add(lastName, trim(line.substring(lastName.length() + 1)));
		}
	}

	/**
	 * The name of a header line: a token, immediately followed by its colon.
	 */
	private static String headerName(String line) throws IOException {
		int colon = line.indexOf(':');
		if (colon <= 0) {
			throw new ProtocolException("not an HTTP header: '" + excerpt(line) + "'");
		}
		for (int i = 0; i < colon; i++) {
			if (!isTokenChar(line.charAt(i))) {
				throw new ProtocolException("not an HTTP header name: '" + excerpt(line) + "'");
			}
		}
		return line.substring(0, colon);
	}

	private static boolean isTokenChar(char c) {
		return c > ' ' && c < 127 && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
	}

	private static boolean isWhitespace(char c) {
		return c == ' ' || c == '\t';
	}

	private static String trim(String value) {
		int start = 0;
		int end = value.length();
		while (start < end && isWhitespace(value.charAt(start))) {
			start++;
		}
		while (end > start && isWhitespace(value.charAt(end - 1))) {
			end--;
		}
		return value.substring(start, end);
	}

	/**
	 * Read a line ending in LF (CR LF), without its end; every byte, the end included, is taken
	 * from the budget.
	 * @return the line, or {@code null} if the connection ended before its first byte
	 */
	static String readLine(InputStream in, Budget budget) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream(64);
		boolean cr = false;
		while (true) {
			int b = in.read();
			if (b < 0) {
				if (line.size() == 0 && !cr) {
					return null;
				}
				throw new EOFException("the connection was closed in the middle of a line of the answer");
			}
			budget.take();
			if (b == '\n') {
				return line.toString(StandardCharsets.ISO_8859_1);
			}
			if (cr || b == 0) {
				throw new ProtocolException("a bare CR or a NUL in a line of the answer");
			}
			if (b == '\r') {
				cr = true;
				continue;
			}
			if (line.size() >= MAX_LINE) {
				throw new ProtocolException("a line of the answer is longer than " + (MAX_LINE / 1024) + " KiB");
			}
			line.write(b);
		}
	}

	private static boolean hasToken(HttpHeaders headers, String name, String token) {
		List<String> values = headers.get(name);
		if (values != null) {
			for (String value : values) {
				for (String part : value.split(",")) {
					if (trim(part).equalsIgnoreCase(token)) {
						return true;
					}
				}
			}
		}
		return false;
	}

	/**
	 * Whether the body is chunked: a {@code Transfer-Encoding} of {@code chunked} alone, in an
	 * HTTP/1.1 answer without {@code Content-Length}. Any other transfer coding cannot be read
	 * (none was asked for), and one beside a {@code Content-Length} or in an HTTP/1.0 answer is
	 * what RFC 9112 (6.1, 6.3) calls faulty framing.
	 */
	private static boolean isChunked(HttpHeaders headers, boolean http11) throws IOException {
		List<String> values = headers.get(HttpHeaders.TRANSFER_ENCODING);
		if (values == null) {
			return false;
		}
		if (headers.containsHeader(HttpHeaders.CONTENT_LENGTH)) {
			throw new ProtocolException("both Content-Length and Transfer-Encoding in the answer");
		}
		if (!http11) {
			throw new ProtocolException("Transfer-Encoding in an HTTP/1.0 answer");
		}
		int codings = 0;
		for (String value : values) {
			for (String part : value.split(",", -1)) {
				String coding = trim(part);
				if (!coding.isEmpty() && (codings++ > 0 || !coding.equalsIgnoreCase("chunked"))) {
					throw new ProtocolException("unsupported Transfer-Encoding '" + excerpt(String.join(", ", values)) + "'");
				}
			}
		}
		if (codings == 0) {
			throw new ProtocolException("empty Transfer-Encoding in the answer");
		}
		return true;
	}

	/**
	 * The {@code Content-Length}: digits only; several values, in one header or several, only if
	 * they are all the same.
	 * @return the length, or -1 without one
	 */
	private static long contentLength(HttpHeaders headers) throws IOException {
		List<String> values = headers.get(HttpHeaders.CONTENT_LENGTH);
		if (values == null) {
			return -1;
		}
		long length = -1;
		for (String value : values) {
			for (String part : value.split(",", -1)) {
				String digits = trim(part);
				if (digits.isEmpty() || digits.length() > 18) {
					throw new ProtocolException("invalid Content-Length '" + excerpt(value) + "'");
				}
				long parsed = 0;
				for (int i = 0; i < digits.length(); i++) {
					char c = digits.charAt(i);
					if (c < '0' || c > '9') {
						throw new ProtocolException("invalid Content-Length '" + excerpt(value) + "'");
					}
					parsed = parsed * 10 + (c - '0');
				}
				if (length != -1 && parsed != length) {
					throw new ProtocolException("differing Content-Length values '" + excerpt(String.join(", ", values)) + "'");
				}
				length = parsed;
			}
		}
		return length;
	}

	static String excerpt(String text) {
		String printable = text.replaceAll("[^\\x20-\\x7e]", "?");
		return (printable.length() <= 60) ? printable : printable.substring(0, 60) + "...";
	}

	/**
	 * What is left of a limit on the bytes of one part of an answer.
	 */
	static final class Budget {

		private int left;

		private final String exceeded;

		Budget(int limit, String exceeded) {
			this.left = limit;
			this.exceeded = exceeded;
		}

		void take() throws ProtocolException {
			if (--this.left < 0) {
				throw new ProtocolException(this.exceeded);
			}
		}

	}

	/**
	 * A body: read to its end, it gives the connection back (or closes it when it is not to be
	 * kept); closed or failed before, it closes the connection.
	 */
	private abstract static class Body extends InputStream {

		private final HttpConnection connection;

		final InputStream in;

		private final boolean reusable;

		private final HttpConnection.Pool pool;

		private boolean ended;

		private boolean closed;

		private boolean released;

		Body(HttpConnection connection, InputStream in, boolean reusable, HttpConnection.Pool pool) {
			this.connection = connection;
			this.in = in;
			this.reusable = reusable;
			this.pool = pool;
		}

		/**
		 * Read part of the body.
		 * @return the number of bytes read, or -1 at the end of the body
		 */
		abstract int readBody(byte[] b, int off, int len) throws IOException;

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			int n;
			do {
				n = read(one, 0, 1);
			}
			while (n == 0);
			return (n < 0) ? -1 : (one[0] & 0xff);
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			if (this.closed) {
				throw new IOException("the answer's body is closed");
			}
			if (this.ended) {
				return -1;
			}
			if (len == 0) {
				return 0;
			}
			try {
				int n = readBody(b, off, len);
				if (n < 0) {
					end();
				}
				return n;
			}
			catch (IOException | RuntimeException ex) {
				release(false);
				throw ex;
			}
		}

		/**
		 * The body has been read to its end.
		 */
		final void end() {
			this.ended = true;
			// Bytes beyond the end of the answer: the framing did not account for them.
			release(this.reusable && this.connection.consumedExactly());
		}

		private void release(boolean keep) {
			if (this.released) {
				return;
			}
			this.released = true;
			if (keep) {
				this.pool.release(this.connection);
			}
			else {
				this.connection.close();
			}
		}

		@Override
		public void close() {
			if (!this.closed) {
				this.closed = true;
				if (!this.ended) {
					release(false);
				}
			}
		}

	}

	private static final class FixedLengthBody extends Body {

		private long remaining;

		FixedLengthBody(HttpConnection connection, InputStream in, boolean reusable, HttpConnection.Pool pool,
				long length) {
			super(connection, in, reusable, pool);
			this.remaining = length;
			if (length == 0) {
				end();
			}
		}

		@Override
		int readBody(byte[] b, int off, int len) throws IOException {
			if (this.remaining == 0) {
				return -1;
			}
			int n = this.in.read(b, off, (int) Math.min(len, this.remaining));
			if (n < 0) {
				throw new EOFException("the connection was closed " + this.remaining + " bytes before the end of the answer");
			}
			this.remaining -= n;
			if (this.remaining == 0) {
				end();
			}
			return n;
		}

		@Override
		public int available() throws IOException {
			return (int) Math.min(this.in.available(), this.remaining);
		}

	}

	private static final class ChunkedBody extends Body {

		private final Budget framing = new Budget(MAX_CHUNK_FRAMING,
				"the chunk lines and trailers of the answer are larger than " + (MAX_CHUNK_FRAMING / 1024) + " KiB");

		private long remainingInChunk;

		private boolean first = true;

		ChunkedBody(HttpConnection connection, InputStream in, boolean reusable, HttpConnection.Pool pool) {
			super(connection, in, reusable, pool);
		}

		@Override
		int readBody(byte[] b, int off, int len) throws IOException {
			if (this.remainingInChunk == 0) {
				if (!this.first) {
					String end = line();
					if (!end.isEmpty()) {
						throw new ProtocolException("a chunk of the answer is longer than its size says");
					}
				}
				this.first = false;
				long size = chunkSize(line());
				if (size == 0) {
					// Trailers, up to the empty line that ends the answer: read, counted, not kept.
					String trailer;
					while (!(trailer = line()).isEmpty()) {
						headerName(trailer);
					}
					return -1;
				}
				this.remainingInChunk = size;
			}
			int n = this.in.read(b, off, (int) Math.min(len, this.remainingInChunk));
			if (n < 0) {
				throw new EOFException("the connection was closed before the end of a chunked answer");
			}
			this.remainingInChunk -= n;
			return n;
		}

		private String line() throws IOException {
			String line = readLine(this.in, this.framing);
			if (line == null) {
				throw new EOFException("the connection was closed before the end of a chunked answer");
			}
			return line;
		}

		/**
		 * A chunk size: hexadecimal digits only (no sign, no prefix), then nothing, or extensions
		 * after a {@code ;} (optionally preceded by whitespace), which are skipped.
		 */
		private static long chunkSize(String line) throws IOException {
			long size = 0;
			int i = 0;
			for (; i < line.length(); i++) {
				char c = line.charAt(i);
				int digit = (c >= '0' && c <= '9') ? c - '0'
						: (c >= 'a' && c <= 'f') ? c - 'a' + 10 : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
				if (digit < 0) {
					break;
				}
				if (i == 15) {
					throw new ProtocolException("chunk size too large '" + excerpt(line) + "'");
				}
				size = size * 16 + digit;
			}
			int digits = i;
			while (i < line.length() && isWhitespace(line.charAt(i))) {
				i++;
			}
			if (digits == 0 || (i < line.length() && line.charAt(i) != ';')) {
				throw new ProtocolException("malformed chunk size '" + excerpt(line) + "'");
			}
			return size;
		}

		@Override
		public int available() throws IOException {
			return (int) Math.min(this.in.available(), this.remainingInChunk);
		}

	}

	private static final class UntilClosedBody extends Body {

		UntilClosedBody(HttpConnection connection, InputStream in, HttpConnection.Pool pool) {
			super(connection, in, false, pool);
		}

		@Override
		int readBody(byte[] b, int off, int len) throws IOException {
			return this.in.read(b, off, len);
		}

		@Override
		public int available() throws IOException {
			return this.in.available();
		}

	}

}

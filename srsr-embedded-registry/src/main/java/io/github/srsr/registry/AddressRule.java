package io.github.srsr.registry;

/**
 * How srsr builds the address it registers, and when it refuses it.
 *
 * <h2>Building</h2>
 * From the {@code address} and {@code port} of a {@code /register} request (absent and empty are the same, as
 * for Go's zero values) and the caller's IP (see {@link ClientIp}):
 * <ul>
 * <li>{@code address} only: the address as given;</li>
 * <li>{@code port} only: {@code "http://" + ip + ":" + port};</li>
 * <li>both: {@code address + ":" + port}, so {@code http://h:3000} and {@code 3000} give
 * {@code http://h:3000:3000}, which is accepted;</li>
 * <li>neither: {@code "http://" + ip}.</li>
 * </ul>
 *
 * <h2>Validity</h2>
 * The server keeps an address that Go's {@code url.ParseRequestURI} accepts (srsr calls it on the final address);
 * anything else is answered {@code 400} with an empty body. {@code ParseRequestURI} reads the text as an HTTP
 * request target: an absolute URI or an absolute path, with no fragment. Emulated here:
 * <ol>
 * <li>no control character (below U+0020, or U+007F) anywhere; the empty text fails, {@code *} passes;</li>
 * <li>a scheme is a letter followed by letters, digits, {@code +}, {@code -} or {@code .}, then {@code :}; a text
 * starting with {@code :} fails;</li>
 * <li>the query (from the first {@code ?}) is not checked;</li>
 * <li>there is no fragment: a {@code #} is an ordinary character of the part it is in, so it fails in a host or
 * port ({@code http://h:8080#top}) and passes in a path or query ({@code http://h:8080/#top});</li>
 * <li>with a scheme, a rest that does not start with {@code /} is an opaque URI and passes unchecked:
 * {@code localhost:8080} has the scheme {@code localhost}; without a scheme the text must be an absolute path, so
 * {@code 10.0.0.5:8080} fails while {@code /relative/path} and {@code //h:1} (a path here, not an authority)
 * pass, like Go does;</li>
 * <li>after a scheme and {@code //}, the authority runs to the next {@code /}; a user-info part (up to the last
 * {@code @}) may only hold RFC 3986 user-info characters; in the host, the text after its LAST {@code :} (after
 * the {@code ]} of a bracketed IPv6 literal) must be empty or all digits: that is the only port check, so
 * {@code http://h:3000:3000} passes and {@code http://10.0.0.5:abc} fails; the host may only hold letters,
 * digits, non-ASCII characters, {@code -._~!$&'()*+,;=:[]<>"} and {@code %} escapes of non-ASCII bytes (or
 * {@code %25}), so a space or {@code {}|\^`#} fails;</li>
 * <li>every {@code %} in the user info, the host and the path must be followed by two hex digits, in either
 * case ({@code %2F}, {@code %2f}, {@code %C3%A9}); a cut-off ({@code %4} at the end) or non-hex ({@code %4G})
 * escape fails.</li>
 * </ol>
 * The contents of an IPv6 literal in brackets are not checked further, except its zone (from {@code %25} to the
 * {@code ]}): there an escape must be {@code %25}, {@code %20} or stand for an ASCII character the host may hold
 * unescaped, so {@code [fe80::1%25en%2F0]} and {@code [fe80::1%25en%C3%A9]} fail.
 */
final class AddressRule {

	private AddressRule() {
	}

	/**
	 * The address srsr registers for these request fields.
	 * @param address the request's {@code address}, empty when absent
	 * @param port the request's {@code port}, empty when absent
	 * @param callerIp the caller's IP as the registry sees it
	 * @return the address to register, not yet checked
	 */
	static String build(String address, String port, String callerIp) {
		String base = address.isEmpty() ? "http://" + callerIp : address;
		return port.isEmpty() ? base : base + ":" + port;
	}

	/**
	 * Whether Go's {@code url.ParseRequestURI} accepts the address, as described on this class.
	 * @param address the built address
	 * @return whether srsr keeps it
	 */
	static boolean isValid(String address) {
		for (int i = 0; i < address.length(); i++) {
			char c = address.charAt(i);
			if (c < 0x20 || c == 0x7f) {
				return false;
			}
		}
		if (address.isEmpty()) {
			return false;
		}
		if (address.equals("*")) {
			return true;
		}
		int schemeEnd = schemeEnd(address);
		if (schemeEnd == 0) {
			return false;
		}
		boolean hasScheme = schemeEnd > 0;
		String rest = hasScheme ? address.substring(schemeEnd + 1) : address;
		int question = rest.indexOf('?');
		if (question >= 0) {
			rest = rest.substring(0, question);
		}
		if (!rest.startsWith("/")) {
			return hasScheme;
		}
		if (hasScheme && rest.startsWith("//")) {
			String authorityAndPath = rest.substring(2);
			int slash = authorityAndPath.indexOf('/');
			String authority = (slash >= 0) ? authorityAndPath.substring(0, slash) : authorityAndPath;
			rest = (slash >= 0) ? authorityAndPath.substring(slash) : "";
			if (!validAuthority(authority)) {
				return false;
			}
		}
		return validEscapes(rest, Mode.OTHER);
	}

	/**
	 * Index of the scheme's {@code :}, or -1 when the text has no scheme (Go's {@code getScheme}); 0 when the text
	 * starts with {@code :}, which Go refuses.
	 */
	private static int schemeEnd(String url) {
		for (int i = 0; i < url.length(); i++) {
			char c = url.charAt(i);
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
				continue;
			}
			if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
				if (i == 0) {
					return -1;
				}
				continue;
			}
			return (c == ':') ? i : -1;
		}
		return -1;
	}

	private static boolean validAuthority(String authority) {
		int at = authority.lastIndexOf('@');
		if (at < 0) {
			return validHost(authority);
		}
		String userInfo = authority.substring(0, at);
		for (int i = 0; i < userInfo.length(); i++) {
			char c = userInfo.charAt(i);
			if (!isAlphaNumeric(c) && "-._:~!$&'()*+,;=%@".indexOf(c) < 0) {
				return false;
			}
		}
		return validEscapes(userInfo, Mode.OTHER) && validHost(authority.substring(at + 1));
	}

	private static boolean validHost(String host) {
		if (host.startsWith("[")) {
			int close = host.lastIndexOf(']');
			if (close < 0 || !validOptionalPort(host.substring(close + 1))) {
				return false;
			}
			int zone = host.substring(0, close).indexOf("%25");
			if (zone >= 0) {
				return validEscapes(host.substring(0, zone), Mode.HOST)
						&& validEscapes(host.substring(zone, close), Mode.ZONE)
						&& validEscapes(host.substring(close), Mode.HOST);
			}
		}
		else {
			int colon = host.lastIndexOf(':');
			if (colon >= 0 && !validOptionalPort(host.substring(colon))) {
				return false;
			}
		}
		return validEscapes(host, Mode.HOST);
	}

	private static boolean validOptionalPort(String colonPort) {
		if (colonPort.isEmpty()) {
			return true;
		}
		if (colonPort.charAt(0) != ':') {
			return false;
		}
		for (int i = 1; i < colonPort.length(); i++) {
			char c = colonPort.charAt(i);
			if (c < '0' || c > '9') {
				return false;
			}
		}
		return true;
	}

	/** Go's {@code unescape} error checks for one URL component. */
	private static boolean validEscapes(String text, Mode mode) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '%') {
				if (i + 2 >= text.length() || !isHex(text.charAt(i + 1)) || !isHex(text.charAt(i + 2))) {
					return false;
				}
				boolean percent25 = text.startsWith("%25", i);
				int value = Character.digit(text.charAt(i + 1), 16) * 16 + Character.digit(text.charAt(i + 2), 16);
				if (mode == Mode.HOST && value < 0x80 && !percent25) {
					return false;
				}
				// In a zone only a space, %25 or a character a host may hold unescaped: not %2F, not %C3.
				if (mode == Mode.ZONE && !percent25 && value != ' '
						&& (value >= 0x80 || !hostCharacter((char) value))) {
					return false;
				}
				i += 2;
			}
			else if (mode != Mode.OTHER && c < 0x80 && !hostCharacter(c)) {
				return false;
			}
		}
		return true;
	}

	/** ASCII characters Go's {@code shouldEscape} lets through unescaped in a host. */
	private static boolean hostCharacter(char c) {
		return isAlphaNumeric(c) || "-_.~!$&'()*+,;=:[]<>\"".indexOf(c) >= 0;
	}

	private static boolean isAlphaNumeric(char c) {
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
	}

	private static boolean isHex(char c) {
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
	}

	private enum Mode {

		HOST, ZONE, OTHER

	}

}

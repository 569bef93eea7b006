package io.github.srsr.registry;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The caller's IP as srsr sees it: Gin's {@code ClientIP()} with its defaults (every proxy trusted, headers
 * {@code X-Forwarded-For} then {@code X-Real-IP}).
 *
 * <p>For each header in turn, its values are joined with {@code ,} and split on {@code ,}; when every item,
 * trimmed, is an IP address the first item is the caller's IP (as written, not normalised). Otherwise the next
 * header is tried, and in the end the connection's remote address is used. So {@code X-Forwarded-For: 10.1.2.3,
 * 127.0.0.1} gives {@code 10.1.2.3}, while a header holding a host name is ignored.
 */
final class ClientIp {

	private static final List<String> HEADERS = List.of("X-Forwarded-For", "X-Real-IP");

	private ClientIp() {
	}

	/**
	 * The caller's IP.
	 * @param headerValues the request's values of a header, by name (case-insensitive); empty or {@code null}
	 * when absent
	 * @param remoteIp the connection's remote IP
	 * @return the caller's IP as the registry sees it
	 */
	static String resolve(java.util.function.Function<String, List<String>> headerValues, String remoteIp) {
		for (String header : HEADERS) {
			List<String> values = headerValues.apply(header);
			if (values != null && !values.isEmpty()) {
				String ip = firstIfAllIps(String.join(",", values));
				if (ip != null) {
					return ip;
				}
			}
		}
		return remoteIp;
	}

	private static String firstIfAllIps(String header) {
		if (header.isEmpty()) {
			return null;
		}
		String[] items = header.split(",", -1);
		for (String item : items) {
			if (!isIp(item.trim())) {
				return null;
			}
		}
		return items[0].trim();
	}

	/** Go's {@code net.ParseIP}: dotted IPv4 without leading zeros, or IPv6 without zone or brackets. */
	static boolean isIp(String text) {
		if (text.isEmpty()) {
			return false;
		}
		if (text.indexOf(':') < 0) {
			return isIpv4(text);
		}
		char first = text.charAt(0);
		if (Character.digit(first, 16) < 0 && first != ':') {
			return false;
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.digit(c, 16) < 0 && c != ':' && c != '.') {
				return false;
			}
		}
		try {
			// A text with ':' starting with a hex digit or ':' is parsed as an IPv6 literal, never looked up.
			InetAddress.getByName(text);
			return true;
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

	private static boolean isIpv4(String text) {
		String[] parts = text.split("\\.", -1);
		if (parts.length != 4) {
			return false;
		}
		for (String part : parts) {
			if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')) {
				return false;
			}
			for (int i = 0; i < part.length(); i++) {
				if (part.charAt(i) < '0' || part.charAt(i) > '9') {
					return false;
				}
			}
			if (Integer.parseInt(part) > 255) {
				return false;
			}
		}
		return true;
	}

}

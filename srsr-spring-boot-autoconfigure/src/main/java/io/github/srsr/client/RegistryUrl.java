package io.github.srsr.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The base URL of an srsr registry, split into the address requests go to and the credentials of
 * its user info ({@code http://user:secret@registry:4214}). {@link #toString()} masks the
 * credentials, so that the URL can be logged and shown in health details.
 */
public final class RegistryUrl {

	private static final String MASK = "******";

	private final URI uri;

	private final @Nullable String userInfo;

	private RegistryUrl(URI uri, @Nullable String userInfo) {
		this.uri = uri;
		this.userInfo = userInfo;
	}

	/**
	 * Parse a registry URL.
	 * @param url an absolute {@code http} or {@code https} URL with a host
	 * @return the parsed URL
	 * @throws IllegalArgumentException if the URL is not an absolute http(s) URL with a host; the
	 * message never contains the URL's credentials
	 */
	public static RegistryUrl of(String url) {
		URI parsed = parse(url);
		String scheme = parsed.getScheme();
		if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
			throw new IllegalArgumentException("'" + masked(parsed) + "' is not an absolute http or https URL");
		}
		if (parsed.getHost() == null) {
			throw new IllegalArgumentException("'" + masked(parsed) + "' has no host");
		}
		try {
			URI withoutUserInfo = new URI(scheme.toLowerCase(Locale.ROOT), null, parsed.getHost(), parsed.getPort(),
					stripTrailingSlash(parsed.getPath()), null, null);
			return new RegistryUrl(withoutUserInfo, parsed.getRawUserInfo());
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException("'" + masked(parsed) + "' is not a valid URL");
		}
	}

	private static URI parse(String url) {
		if (url == null || url.isBlank()) {
			throw new IllegalArgumentException("the URL is empty");
		}
		try {
			return new URI(url.trim());
		}
		catch (URISyntaxException ex) {
			// The input may carry credentials: describe the problem without echoing the URL.
			throw new IllegalArgumentException("the URL is not valid (" + ex.getReason() + " at index " + ex.getIndex() + ")");
		}
	}

	private static String stripTrailingSlash(@Nullable String path) {
		if (path == null) {
			return "";
		}
		return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
	}

	/**
	 * Mask the credentials of a URL as written, whether or not it is a valid registry URL, so
	 * that it can be shown in a message.
	 * @param url the URL as written
	 * @return the URL with the user info's password (or token) replaced by {@code ******}
	 */
	public static String mask(@Nullable String url) {
		if (url == null) {
			return "";
		}
		try {
			return masked(new URI(url.trim()));
		}
		catch (URISyntaxException ex) {
			int at = url.lastIndexOf('@');
			return (at < 0) ? url : MASK + url.substring(at);
		}
	}

	/**
	 * Mask the user info of a URL as written, whether or not {@link URI} could make sense of its
	 * authority: everything before the last {@code @} of the authority is user info.
	 */
	private static String masked(URI uri) {
		String text = uri.toString();
		int scheme = text.indexOf("://");
		int start = (scheme >= 0) ? scheme + 3 : 0;
		int end = text.length();
		for (int i = start; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '/' || c == '?' || c == '#') {
				end = i;
				break;
			}
		}
		int at = text.lastIndexOf('@', end - 1);
		if (at < start) {
			return text;
		}
		return text.substring(0, start) + maskUserInfo(text.substring(start, at)) + text.substring(at);
	}

	private static String maskUserInfo(String userInfo) {
		int colon = userInfo.indexOf(':');
		return (colon < 0) ? MASK : userInfo.substring(0, colon) + ":" + MASK;
	}

	/**
	 * Return the URL requests are sent to, without user info.
	 * @return the URL without credentials
	 */
	public URI getUri() {
		return this.uri;
	}

	/**
	 * Return whether the URL carried credentials in its user info.
	 * @return whether there are credentials
	 */
	public boolean hasCredentials() {
		return this.userInfo != null;
	}

	/**
	 * Return the user name of the URL's user info, decoded.
	 * @return the user name, or {@code null} without user info
	 */
	public @Nullable String getUsername() {
		if (this.userInfo == null) {
			return null;
		}
		int colon = this.userInfo.indexOf(':');
		return decode((colon < 0) ? this.userInfo : this.userInfo.substring(0, colon));
	}

	/**
	 * Return the password of the URL's user info, decoded.
	 * @return the password, or {@code null} without one
	 */
	public @Nullable String getPassword() {
		if (this.userInfo == null || this.userInfo.indexOf(':') < 0) {
			return null;
		}
		return decode(this.userInfo.substring(this.userInfo.indexOf(':') + 1));
	}

	private static String decode(String value) {
		return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
	}

	/**
	 * Return the URL with the password (or a user-info token) replaced by {@code ******}.
	 * @return the URL, safe to log
	 */
	@Override
	public String toString() {
		if (this.userInfo == null) {
			return this.uri.toString();
		}
		String text = this.uri.toString();
		int authority = text.indexOf("://") + 3;
		return text.substring(0, authority) + maskUserInfo(this.userInfo) + "@" + text.substring(authority);
	}

	@Override
	public boolean equals(Object other) {
		if (this == other) {
			return true;
		}
		return (other instanceof RegistryUrl that) && this.uri.equals(that.uri)
				&& java.util.Objects.equals(this.userInfo, that.userInfo);
	}

	@Override
	public int hashCode() {
		return this.uri.hashCode();
	}

}

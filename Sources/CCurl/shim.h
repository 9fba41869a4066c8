#ifndef ENERGIFLOW_CCURL_SHIM_H
#define ENERGIFLOW_CCURL_SHIM_H
#include <curl/curl.h>

// Swift cannot call the variadic curl_easy_setopt/curl_easy_getinfo, nor import
// macros built from other macros; these typed wrappers are the only way in.

// curl_easy_setopt with a long argument (CURLOPTTYPE_LONG options).
static inline CURLcode CCurl_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

// curl_easy_setopt with a C string argument (copied by libcurl since 7.17).
static inline CURLcode CCurl_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

// curl_easy_setopt with an opaque pointer (userdata, error buffer).
static inline CURLcode CCurl_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

// curl_easy_setopt with a header list (CURLOPT_HTTPHEADER); the list must outlive the transfer.
static inline CURLcode CCurl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

// curl_easy_setopt for CURLOPT_WRITEFUNCTION / CURLOPT_HEADERFUNCTION (same prototype).
static inline CURLcode CCurl_setopt_write_function(CURL *handle, CURLoption option, curl_write_callback callback) {
    return curl_easy_setopt(handle, option, callback);
}

// curl_easy_setopt for CURLOPT_XFERINFOFUNCTION (progress; non-zero return aborts the transfer).
static inline CURLcode CCurl_setopt_xferinfo_function(CURL *handle, curl_xferinfo_callback callback) {
    return curl_easy_setopt(handle, CURLOPT_XFERINFOFUNCTION, callback);
}

// Restricts transfers and redirects to http and https; the string form exists
// from 7.85, the bitmask form (deprecated there) before it.
static inline CURLcode CCurl_allow_only_http_protocols(CURL *handle) {
#if LIBCURL_VERSION_NUM >= 0x075500
    CURLcode code = curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, "http,https");
    if (code != CURLE_OK) return code;
    return curl_easy_setopt(handle, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
    CURLcode code = curl_easy_setopt(handle, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
    if (code != CURLE_OK) return code;
    return curl_easy_setopt(handle, CURLOPT_REDIR_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
}

// curl_easy_getinfo for long results (CURLINFO_RESPONSE_CODE, CURLINFO_REDIRECT_COUNT).
static inline CURLcode CCurl_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

// curl_easy_getinfo for string results (CURLINFO_EFFECTIVE_URL); the string belongs to the handle.
static inline CURLcode CCurl_getinfo_string(CURL *handle, CURLINFO info, const char **value) {
    char *result = NULL;
    CURLcode code = curl_easy_getinfo(handle, info, &result);
    *value = result;
    return code;
}

// CURL_GLOBAL_DEFAULT is a macro of macros, which Swift does not import.
static inline CURLcode CCurl_global_init_default(void) {
    return curl_global_init(CURL_GLOBAL_DEFAULT);
}

// The libcurl version this program runs with (curl_version_info takes a macro argument).
static inline const char *CCurl_version_string(void) {
    return curl_version_info(CURLVERSION_NOW)->version;
}

#endif

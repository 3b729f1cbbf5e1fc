#ifndef CONSIGN_COPENSSL_SHIM_H
#define CONSIGN_COPENSSL_SHIM_H
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>
#include <openssl/evp.h>

/// Sets the SNI host name (wraps the SSL_set_tlsext_host_name macro).
static inline int consign_SSL_set_tlsext_host_name(SSL *ssl, const char *name) {
    return (int)SSL_set_tlsext_host_name(ssl, name);
}

/// Refuses protocol versions below TLS 1.2 (wraps the SSL_CTX_set_min_proto_version macro).
static inline int consign_SSL_CTX_require_tls12(SSL_CTX *context) {
    return (int)SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION);
}
#endif

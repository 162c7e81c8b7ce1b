/*
 * sha256.h - SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104), written here
 * because appsecret_proof is the only hash the toolkit needs and none of
 * its dependencies exposes one.
 */
#ifndef METASYNC_SHA256_H
#define METASYNC_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_DIGEST_SIZE 32

struct sha256 {
	uint32_t state[8];
	uint64_t length;        /* bytes hashed so far */
	unsigned char block[64];
	size_t used;            /* bytes waiting in block */
};

void sha256_init(struct sha256 *c);
void sha256_update(struct sha256 *c, const void *data, size_t n);
void sha256_final(struct sha256 *c, unsigned char digest[SHA256_DIGEST_SIZE]);

/* Lowercase hex HMAC-SHA256(key, msg) into hex (65 bytes with the NUL). */
void sha256_hmac_hex(const void *key, size_t keylen, const void *msg, size_t msglen,
                     char hex[2 * SHA256_DIGEST_SIZE + 1]);

#endif

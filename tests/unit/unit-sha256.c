/* SHA-256 and HMAC-SHA256 against the FIPS 180-4 and RFC 4231 vectors. */
#include <string.h>

#include "sha256.h"
#include "tap.h"

static void
hex_digest(const char *msg, size_t n, char out[65])
{
	unsigned char d[SHA256_DIGEST_SIZE];
	struct sha256 c;
	int i;

	sha256_init(&c);
	sha256_update(&c, msg, n);
	sha256_final(&c, d);
	for (i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", d[i]);
}

int
main(void)
{
	char hex[65], key[131];
	static char million[1000000];
	unsigned char d[SHA256_DIGEST_SIZE];
	struct sha256 c;
	int i;

	hex_digest("abc", 3, hex);
	is_str(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "sha256(abc)");
	hex_digest("", 0, hex);
	is_str(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "sha256('')");
	hex_digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, hex);
	is_str(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
	       "sha256 of the 448-bit message (padding spills into a second block)");

	memset(million, 'a', sizeof million);
	sha256_init(&c);
	for (i = 0; i < 10; i++)  /* in pieces: the block buffer must carry across updates */
		sha256_update(&c, million + i * 100000, 100000);
	sha256_final(&c, d);
	for (i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
	is_str(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
	       "sha256 of a million 'a' fed in ten updates");

	memset(key, 0x0b, 20);
	sha256_hmac_hex(key, 20, "Hi There", 8, hex);
	is_str(hex, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7", "RFC 4231 case 1");
	sha256_hmac_hex("Jefe", 4, "what do ya want for nothing?", 28, hex);
	is_str(hex, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", "RFC 4231 case 2");
	memset(key, 0xaa, 131);
	sha256_hmac_hex(key, 131, "Test Using Larger Than Block-Size Key - Hash Key First", 54, hex);
	is_str(hex, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
	       "RFC 4231 case 6: key longer than a block");
	return done_testing();
}

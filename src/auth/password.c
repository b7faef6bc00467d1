/* password.c - argon2id via libsodium, with a cap on concurrent hashes. */
#include "auth/password.h"

#include <errno.h>
#include <pthread.h>
#include <sodium.h>
#include <string.h>
#include <time.h>

#include "core/log.h"
#include "core/utf8.h"

static pthread_mutex_t slot_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t slot_cv = PTHREAD_COND_INITIALIZER;
static int slots_in_use;
static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

int password_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

static int slot_acquire(void)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 3;
	pthread_mutex_lock(&slot_mu);
	while (slots_in_use >= PASSWORD_MAX_CONCURRENT) {
		if (pthread_cond_timedwait(&slot_cv, &slot_mu, &until) == ETIMEDOUT) {
			pthread_mutex_unlock(&slot_mu);
			return -1;
		}
	}
	slots_in_use++;
	pthread_mutex_unlock(&slot_mu);
	return 0;
}

static void slot_release(void)
{
	pthread_mutex_lock(&slot_mu);
	slots_in_use--;
	pthread_cond_signal(&slot_cv);
	pthread_mutex_unlock(&slot_mu);
}

enum err_code password_hash(const char *pw, char *out, size_t out_size, struct err *e)
{
	if (out_size < crypto_pwhash_STRBYTES)
		return err_set(e, ERR_INTERNAL, NULL, "内部错误");
	if (slot_acquire())
		return err_set(e, ERR_THROTTLED, NULL, "服务器繁忙，请稍后再试");
	int rc = crypto_pwhash_str(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
				   crypto_pwhash_MEMLIMIT_INTERACTIVE);
	slot_release();
	if (rc != 0) {
		log_error("argon2id hash failed (out of memory?)");
		return err_set(e, ERR_INTERNAL, NULL, "内部错误");
	}
	return ERR_OK;
}

enum err_code password_verify(const char *hash, const char *pw, struct err *e)
{
	if (slot_acquire())
		return err_set(e, ERR_THROTTLED, NULL, "服务器繁忙，请稍后再试");
	int rc = crypto_pwhash_str_verify(hash, pw, strlen(pw));
	slot_release();
	if (rc != 0)
		return err_set(e, ERR_UNAUTHENTICATED, NULL, "用户名或密码错误");
	return ERR_OK;
}

enum err_code password_check_policy(const char *pw, struct err *e)
{
	size_t n = strlen(pw);
	if (n > PASSWORD_MAX_BYTES)
		return err_set(e, ERR_INVALID, "password", "密码过长（最多 %d 字节）", PASSWORD_MAX_BYTES);
	if (!utf8_valid(pw, n))
		return err_set(e, ERR_INVALID, "password", "密码含有无效字符");
	if (utf8_chars(pw) < PASSWORD_MIN_CHARS)
		return err_set(e, ERR_INVALID, "password", "密码至少需要 %d 个字符", PASSWORD_MIN_CHARS);
	return ERR_OK;
}

void password_generate(char *out, size_t out_size)
{
	static const char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	size_t n = out_size - 1 < 20 ? out_size - 1 : 20;
	for (size_t i = 0; i < n; i++)
		out[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
	out[n] = '\0';
}

static void make_dummy(void)
{
	if (crypto_pwhash_str(dummy_hash, "lianjian-dummy-password", 23,
			      crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		dummy_hash[0] = '\0';
}

const char *password_dummy_hash(void)
{
	pthread_once(&dummy_once, make_dummy);
	return dummy_hash;
}

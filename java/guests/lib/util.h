/* Memory and string helpers, and unaligned little-endian reads for the zero page. */
#ifndef GUEST_UTIL_H
#define GUEST_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* gcc may emit calls to these four even in freestanding code. */
void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);

size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
bool str_starts_with(const char *s, const char *prefix);
/* Parses an unsigned decimal number; false if s is empty or has other characters. */
bool parse_u64(const char *s, uint64_t *out);

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct __attribute__((packed)) unaligned_u16 { uint16_t v; };
struct __attribute__((packed)) unaligned_u32 { uint32_t v; };
struct __attribute__((packed)) unaligned_u64 { uint64_t v; };

static inline uint8_t read_u8(const void *base, size_t off)
{
	return ((const uint8_t *)base)[off];
}

static inline uint16_t read_u16(const void *base, size_t off)
{
	return ((const struct unaligned_u16 *)((const uint8_t *)base + off))->v;
}

static inline uint32_t read_u32(const void *base, size_t off)
{
	return ((const struct unaligned_u32 *)((const uint8_t *)base + off))->v;
}

static inline uint64_t read_u64(const void *base, size_t off)
{
	return ((const struct unaligned_u64 *)((const uint8_t *)base + off))->v;
}

#endif

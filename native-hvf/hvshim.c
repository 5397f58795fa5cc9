/*
 * jhyve's Hypervisor.framework shim (see hvshim.h). Built by the Makefile: against the real
 * framework on macOS (clang -framework Hypervisor), against decls/ for the Linux syntax check, and
 * linked with fake/fakehv.c for the Linux contract tests.
 */
#define _DEFAULT_SOURCE 1
#include "hvshim.h"

#include <Hypervisor/hv.h>
#include <Hypervisor/hv_vmx.h>
#include <cpuid.h>
#include <stddef.h>
#include <sys/mman.h>

#if defined(__APPLE__)
#include <sys/sysctl.h>
#else
/* Darwin's sysctlbyname(3); on Linux the fake library provides it. */
int sysctlbyname(const char *name, void *oldp, size_t *oldlenp, void *newp, size_t newlen);
#endif

int32_t hvs_abi_version(void) { return HVS_ABI_VERSION; }

int32_t hvs_hv_supported(void) {
    int value = 0;
    size_t len = sizeof value;
    if (sysctlbyname("kern.hv_support", &value, &len, NULL, 0) != 0) return -1;
    return value != 0;
}

int32_t hvs_vm_create(uint64_t flags) { return hv_vm_create(flags); }

int32_t hvs_vm_destroy(void) { return hv_vm_destroy(); }

void *hvs_ram_alloc(uint64_t len) {
    void *p = mmap(NULL, (size_t)len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANON, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

int32_t hvs_ram_free(void *addr, uint64_t len) { return munmap(addr, (size_t)len); }

int32_t hvs_vm_map(void *uva, uint64_t gpa, uint64_t len, uint64_t flags) {
    return hv_vm_map(uva, gpa, (size_t)len, flags);
}

int32_t hvs_vm_unmap(uint64_t gpa, uint64_t len) { return hv_vm_unmap(gpa, (size_t)len); }

int32_t hvs_vm_protect(uint64_t gpa, uint64_t len, uint64_t flags) {
    return hv_vm_protect(gpa, (size_t)len, flags);
}

int32_t hvs_read_vmx_cap(uint32_t which, uint64_t *value) {
    return hv_vmx_read_capability((hv_vmx_capability_t)which, value);
}

void hvs_host_cpuid(uint32_t leaf, uint32_t subleaf, uint32_t *out) {
    unsigned int a, b, c, d;
    __cpuid_count(leaf, subleaf, a, b, c, d);
    out[0] = a;
    out[1] = b;
    out[2] = c;
    out[3] = d;
}

int32_t hvs_vcpu_create(uint32_t *vcpu) {
    hv_vcpuid_t id = 0;
    hv_return_t r = hv_vcpu_create(&id, HV_VCPU_DEFAULT);
    *vcpu = id;
    return r;
}

int32_t hvs_vcpu_destroy(uint32_t vcpu) { return hv_vcpu_destroy(vcpu); }

static hv_return_t get_one(uint32_t vcpu, uint32_t id, uint64_t *value) {
    uint32_t n = id & ~HVS_KIND_MASK;
    switch (id & HVS_KIND_MASK) {
    case HVS_REG: return hv_vcpu_read_register(vcpu, (hv_x86_reg_t)n, value);
    case HVS_MSR: return hv_vcpu_read_msr(vcpu, n, value);
    case HVS_VMCS: return hv_vmx_vcpu_read_vmcs(vcpu, n, value);
    default: return HV_BAD_ARGUMENT;
    }
}

static hv_return_t set_one(uint32_t vcpu, uint32_t id, uint64_t value) {
    uint32_t n = id & ~HVS_KIND_MASK;
    switch (id & HVS_KIND_MASK) {
    case HVS_REG: return hv_vcpu_write_register(vcpu, (hv_x86_reg_t)n, value);
    case HVS_MSR: return hv_vcpu_write_msr(vcpu, n, value);
    case HVS_VMCS: return hv_vmx_vcpu_write_vmcs(vcpu, n, value);
    default: return HV_BAD_ARGUMENT;
    }
}

int32_t hvs_get(uint32_t vcpu, const uint32_t *ids, uint64_t *values, int32_t n, int32_t *failed) {
    *failed = -1;
    for (int32_t i = 0; i < n; i++) {
        hv_return_t r = get_one(vcpu, ids[i], &values[i]);
        if (r != HV_SUCCESS) {
            *failed = i;
            return r;
        }
    }
    return HV_SUCCESS;
}

int32_t hvs_set(uint32_t vcpu, const uint32_t *ids, const uint64_t *values, int32_t n, int32_t *failed) {
    *failed = -1;
    for (int32_t i = 0; i < n; i++) {
        hv_return_t r = set_one(vcpu, ids[i], values[i]);
        if (r != HV_SUCCESS) {
            *failed = i;
            return r;
        }
    }
    return HV_SUCCESS;
}

int32_t hvs_msr_native(uint32_t vcpu, uint32_t msr, int32_t enable) {
    return hv_vcpu_enable_native_msr(vcpu, msr, enable != 0);
}

int32_t hvs_invalidate_tlb(uint32_t vcpu) { return hv_vcpu_invalidate_tlb(vcpu); }

int32_t hvs_run(uint32_t vcpu, uint64_t deadline) { return hv_vcpu_run_until(vcpu, deadline); }

int32_t hvs_kick(uint32_t *vcpus, uint32_t count) { return hv_vcpu_interrupt(vcpus, count); }

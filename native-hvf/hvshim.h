/*
 * jhyve's Hypervisor.framework shim: the C ABI io.jhyve.hv.hvf.HvfNative binds through JNA.
 *
 * The shim only forwards. Every decision (VMX controls, guest state, exit handling) is made in
 * Java; every hv_* result is returned unchanged as an hv_return_t. The one addition is batching:
 * hvs_get/hvs_set move many registers, VMCS fields and MSRs in one JNA call, because a call
 * costs far more than the framework call it wraps.
 *
 * Bump HVS_ABI_VERSION on any change to these signatures or to the id encoding; Java refuses a
 * shim whose version differs from its own.
 */
#ifndef JHYVE_HVSHIM_H
#define JHYVE_HVSHIM_H

#include <stdint.h>

#define HVS_ABI_VERSION 1

/*
 * Ids for hvs_get/hvs_set: the kind in bits 31:30, the number below.
 *   HVS_REG  | hv_x86_reg_t        architectural register (hv_vcpu_read/write_register)
 *   HVS_VMCS | field encoding       VMCS field (hv_vmx_vcpu_read/write_vmcs, SDM Vol. 3C App. B)
 *   HVS_MSR  | msr index (< 2^30)  MSR (hv_vcpu_read/write_msr); only MSRs made native are valid
 */
#define HVS_REG  0x00000000u
#define HVS_MSR  0x40000000u
#define HVS_VMCS 0x80000000u
#define HVS_KIND_MASK 0xc0000000u

int32_t hvs_abi_version(void);
/* sysctl kern.hv_support: 1 = VT-x with EPT and unrestricted guest, 0 = none, -1 = sysctl failed. */
int32_t hvs_hv_supported(void);

int32_t hvs_vm_create(uint64_t flags);
int32_t hvs_vm_destroy(void);
/* Guest RAM: one anonymous private mapping per range (the framework wants one VM region). */
void *hvs_ram_alloc(uint64_t len);
int32_t hvs_ram_free(void *addr, uint64_t len);
int32_t hvs_vm_map(void *uva, uint64_t gpa, uint64_t len, uint64_t flags);
int32_t hvs_vm_unmap(uint64_t gpa, uint64_t len);
int32_t hvs_vm_protect(uint64_t gpa, uint64_t len, uint64_t flags);
int32_t hvs_read_vmx_cap(uint32_t which, uint64_t *value);
/* CPUID of the host processor: out = eax, ebx, ecx, edx. */
void hvs_host_cpuid(uint32_t leaf, uint32_t subleaf, uint32_t *out);

/* Owning thread only. */
int32_t hvs_vcpu_create(uint32_t *vcpu);
int32_t hvs_vcpu_destroy(uint32_t vcpu);
/* Reads n ids; stops at the first failure, storing its index in *failed (else -1). */
int32_t hvs_get(uint32_t vcpu, const uint32_t *ids, uint64_t *values, int32_t n, int32_t *failed);
/* Writes n ids in order; stops at the first failure, storing its index in *failed (else -1). */
int32_t hvs_set(uint32_t vcpu, const uint32_t *ids, const uint64_t *values, int32_t n, int32_t *failed);
int32_t hvs_msr_native(uint32_t vcpu, uint32_t msr, int32_t enable);
int32_t hvs_invalidate_tlb(uint32_t vcpu);
/* hv_vcpu_run_until; deadline in mach absolute time, UINT64_MAX = never. */
int32_t hvs_run(uint32_t vcpu, uint64_t deadline);

/* Any thread: forces the listed vCPUs out of the guest (hv_vcpu_interrupt). */
int32_t hvs_kick(uint32_t *vcpus, uint32_t count);

#endif

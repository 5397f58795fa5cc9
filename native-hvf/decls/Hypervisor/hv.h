/*
 * Declarations-only stand-in for <Hypervisor/hv.h> (Intel): the VM, memory and vCPU calls, with
 * the signatures Apple's documentation gives. Rules the framework documents and the fake
 * (native-hvf/fake) enforces: one VM per process; uva/gpa/size page-aligned; every vCPU call but
 * hv_vcpu_interrupt made by the vCPU's owning thread.
 */
#ifndef JHYVE_DECLS_HV_H
#define JHYVE_DECLS_HV_H

#include <stdbool.h>
#include <Hypervisor/hv_error.h>
#include <Hypervisor/hv_types.h>
#include <Hypervisor/hv_arch_x86.h>

hv_return_t hv_vm_create(hv_vm_options_t flags);
hv_return_t hv_vm_destroy(void);
hv_return_t hv_vm_map(hv_uvaddr_t uva, hv_gpaddr_t gpa, size_t size, hv_memory_flags_t flags);
hv_return_t hv_vm_unmap(hv_gpaddr_t gpa, size_t size);
hv_return_t hv_vm_protect(hv_gpaddr_t gpa, size_t size, hv_memory_flags_t flags);

hv_return_t hv_vcpu_create(hv_vcpuid_t *vcpu, hv_vcpu_options_t flags);
hv_return_t hv_vcpu_destroy(hv_vcpuid_t vcpu);
hv_return_t hv_vcpu_read_register(hv_vcpuid_t vcpu, hv_x86_reg_t reg, uint64_t *value);
hv_return_t hv_vcpu_write_register(hv_vcpuid_t vcpu, hv_x86_reg_t reg, uint64_t value);
hv_return_t hv_vcpu_enable_native_msr(hv_vcpuid_t vcpu, uint32_t msr, bool enable);
hv_return_t hv_vcpu_read_msr(hv_vcpuid_t vcpu, uint32_t msr, uint64_t *value);
hv_return_t hv_vcpu_write_msr(hv_vcpuid_t vcpu, uint32_t msr, uint64_t value);
hv_return_t hv_vcpu_invalidate_tlb(hv_vcpuid_t vcpu);
hv_return_t hv_vcpu_run_until(hv_vcpuid_t vcpu, uint64_t deadline);
hv_return_t hv_vcpu_interrupt(hv_vcpuid_t *vcpus, unsigned int vcpu_count);

#endif

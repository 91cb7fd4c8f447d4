// SPDX-License-Identifier: GPL-2.0-only
/*
 * rtpfwd: the memory rtpengine 12.5's daemon maps from N/control, where it
 * places its statistics blocks and the kernel writes the counters
 * (core/xstats.h). docs/rtpengine-12.5-abi.md, section 5.
 *
 * Each mmap() gets a region of its own: zeroed pages (never stale kernel
 * memory), physically contiguous, a power of two of at most
 * RTPFWD_SHM_REGION_MAX. A region is refcounted: one reference per VMA
 * (a split or a move opens a new one, an unmap closes one) and one per set
 * of resolved pointers (struct rtpfwd_shm_refs, held by the rules that
 * write there). So an unmap, a close or the daemon's death frees nothing a
 * rule may still write to; a region nobody maps or writes is freed at once.
 *
 * A daemon address is resolved under the mmap lock, only in a mapping of
 * this very file (not another table's, not another opener's), 8-byte
 * aligned, the whole block inside the region, and through the VMA's page
 * offset, which the kernel keeps right when a mapping is split: a pointer
 * into the second half of a split mapping lands where the daemon sees it.
 *
 * A region pins the module: the VMAs call back into it after the file is
 * closed, so rmmod waits for the daemon to unmap (or exit).
 *
 * What a session's regions may cost together is bounded
 * (RTPFWD_SHM_SESSION_MAX, charged to the opener's memory cgroup too).
 */
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/refcount.h>
#include <linux/sched.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include "proc_compat.h"

/* The daemon maps 64 KiB at a time; its allocator may ask for more. */
#define RTPFWD_SHM_REGION_MAX	SZ_4M
#define RTPFWD_SHM_SESSION_MAX	SZ_256M

/* What a session's regions cost; outlives the session while regions live. */
struct rtpfwd_shm_acct {
	refcount_t	refs;
	atomic_long_t	bytes;
};

struct rtpfwd_shm_region {
	refcount_t		refs;
	struct rtpfwd_shm_acct	*acct;
	void			*vaddr;
	size_t			size;
	unsigned int		order;
};

struct rtpfwd_shm_acct *rtpfwd_shm_acct_new(void)
{
	struct rtpfwd_shm_acct *acct = kzalloc(sizeof(*acct), GFP_KERNEL_ACCOUNT);

	if (acct)
		refcount_set(&acct->refs, 1);
	return acct;
}

void rtpfwd_shm_acct_put(struct rtpfwd_shm_acct *acct)
{
	if (refcount_dec_and_test(&acct->refs))
		kfree(acct);
}

/* Any context: the last rule may go in an RCU callback. */
static void rtpfwd_shm_region_put(struct rtpfwd_shm_region *region)
{
	if (!refcount_dec_and_test(&region->refs))
		return;
	free_pages((unsigned long)region->vaddr, region->order);
	atomic_long_sub(region->size, &region->acct->bytes);
	rtpfwd_shm_acct_put(region->acct);
	kfree(region);
	module_put(THIS_MODULE);
}

static void rtpfwd_shm_vm_open(struct vm_area_struct *vma)
{
	struct rtpfwd_shm_region *region = vma->vm_private_data;

	refcount_inc(&region->refs);
}

static void rtpfwd_shm_vm_close(struct vm_area_struct *vma)
{
	rtpfwd_shm_region_put(vma->vm_private_data);
}

static const struct vm_operations_struct rtpfwd_shm_vm_ops = {
	.open	= rtpfwd_shm_vm_open,
	.close	= rtpfwd_shm_vm_close,
};

/**
 * rtpfwd_shm_mmap() - a new region for a mapping of N/control
 * @file: the control file
 * @acct: its session's account
 * @vma: the mapping: shared, not executable, offset 0, a power of two long
 *
 * Context: the mmap lock held (no session lock may be taken here).
 * Return: 0, -EINVAL (not a mapping the ABI knows), -EPERM (executable),
 * -E2BIG (too long), -ENOSPC (the session's limit), -ENOMEM.
 */
int rtpfwd_shm_mmap(struct file *file, struct rtpfwd_shm_acct *acct,
		    struct vm_area_struct *vma)
{
	size_t size = vma->vm_end - vma->vm_start;
	struct rtpfwd_shm_region *region;
	struct page *page;
	int err;

	if (vma->vm_flags & VM_EXEC)
		return -EPERM;
	if (vma->vm_pgoff || !(vma->vm_flags & VM_SHARED) || !is_power_of_2(size))
		return -EINVAL;
	if (size > RTPFWD_SHM_REGION_MAX)
		return -E2BIG;
	if (atomic_long_add_return(size, &acct->bytes) > RTPFWD_SHM_SESSION_MAX) {
		atomic_long_sub(size, &acct->bytes);
		return -ENOSPC;
	}
	err = -ENODEV;
	if (!try_module_get(THIS_MODULE))
		goto err_uncharge;
	err = -ENOMEM;
	region = kzalloc(sizeof(*region), GFP_KERNEL_ACCOUNT);
	if (!region)
		goto err_module;
	region->size = size;
	region->order = get_order(size);
	page = alloc_pages(GFP_KERNEL_ACCOUNT | __GFP_ZERO | __GFP_NOWARN, region->order);
	if (!page)
		goto err_free;
	region->vaddr = page_address(page);
	/* also sets VM_DONTEXPAND: the mapping cannot grow past the region */
	err = remap_pfn_range(vma, vma->vm_start, page_to_pfn(page), size, vma->vm_page_prot);
	if (err)
		goto err_pages;
	refcount_set(&region->refs, 1);		/* this VMA's */
	refcount_inc(&acct->refs);
	region->acct = acct;
	vma->vm_private_data = region;
	vma->vm_ops = &rtpfwd_shm_vm_ops;
	return 0;

err_pages:
	free_pages((unsigned long)region->vaddr, region->order);
err_free:
	kfree(region);
err_module:
	module_put(THIS_MODULE);
err_uncharge:
	atomic_long_sub(size, &acct->bytes);
	return err;
}

/* Keep a reference on @region in @refs (one per region). False: full. */
static bool rtpfwd_shm_refs_add(struct rtpfwd_shm_refs *refs, struct rtpfwd_shm_region *region)
{
	unsigned int i;

	for (i = 0; i < refs->n; i++)
		if (refs->r[i] == region)
			return true;
	if (refs->n == RTPFWD_SHM_REFS_MAX)
		return false;
	refcount_inc(&region->refs);
	refs->r[refs->n++] = region;
	return true;
}

/**
 * rtpfwd_shm_resolve() - the kernel address of the daemon's block at @uaddr
 * @file: the control file the block must be mapped from
 * @refs: where the reference that keeps it alive goes
 * @uaddr: the daemon's address
 * @size: the block's size
 *
 * Context: process context, in the daemon's own write().
 * Return: the address, or NULL (not in a mapping of @file, misaligned,
 * not wholly inside, or @refs full): the caller says -EFAULT.
 */
void *rtpfwd_shm_resolve(struct file *file, struct rtpfwd_shm_refs *refs, u64 uaddr,
			 size_t size)
{
	struct mm_struct *mm = current->mm;
	struct rtpfwd_shm_region *region;
	struct vm_area_struct *vma;
	void *kaddr = NULL;
	u64 off;

	if (!mm || !uaddr || !IS_ALIGNED(uaddr, sizeof(u64)) || uaddr > ULONG_MAX)
		return NULL;
	mmap_read_lock(mm);
	vma = vma_lookup(mm, uaddr);
	if (!vma || vma->vm_ops != &rtpfwd_shm_vm_ops || vma->vm_file != file ||
	    size > vma->vm_end - uaddr)
		goto out;
	region = vma->vm_private_data;
	off = ((u64)vma->vm_pgoff << PAGE_SHIFT) + (uaddr - vma->vm_start);
	if (off > region->size || size > region->size - off)
		goto out;
	if (rtpfwd_shm_refs_add(refs, region))
		kaddr = region->vaddr + off;
out:
	mmap_read_unlock(mm);
	return kaddr;
}

/* Take references on what @from holds into @to. False: @to is full. */
bool rtpfwd_shm_refs_copy(struct rtpfwd_shm_refs *to, const struct rtpfwd_shm_refs *from)
{
	unsigned int i;

	for (i = 0; i < from->n; i++)
		if (!rtpfwd_shm_refs_add(to, from->r[i]))
			return false;
	return true;
}

/* Drop what @refs holds; any context. */
void rtpfwd_shm_refs_put(struct rtpfwd_shm_refs *refs)
{
	while (refs->n)
		rtpfwd_shm_region_put(refs->r[--refs->n]);
}

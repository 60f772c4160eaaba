package org.pagerace.mm;

/**
 * A present {@code pte_t}: the folio it maps, and its write and dirty bits. A none pte is {@code null}. Ptes are
 * values, so {@code pte_same} compares them by value, as the kernel does (an ABA of the same folio and bits is
 * "the same", there too). {@link #of} hands out one shared instance per folio and bits, so that making a pte
 * writable or read-only allocates nothing; nothing compares ptes by identity.
 */
public record Pte(Folio folio, boolean write, boolean dirty) {
    /** The pte that maps {@code folio} with these bits ({@code mk_pte} and the bit helpers): a shared instance. */
    public static Pte of(Folio folio, boolean write, boolean dirty) {
        return folio.pte(write, dirty);
    }

    public static boolean pte_same(Pte a, Pte b) {
        return a == null ? b == null : b != null && a.folio == b.folio && a.write == b.write && a.dirty == b.dirty;
    }

    public static boolean pte_none(Pte pte) {
        return pte == null;
    }

    public static boolean pte_write(Pte pte) {
        return pte != null && pte.write;
    }

    /** {@code maybe_mkwrite(pte_mkdirty(pte_mkyoung(pte)), vma)} for a shared writable VMA. */
    public Pte mkwriteDirty() {
        return of(folio, true, true);
    }

    /** The result of {@code folio_mkclean}'s {@code pte_wrprotect(pte_mkclean(pte))}. */
    public Pte wrprotectClean() {
        return of(folio, false, false);
    }
}

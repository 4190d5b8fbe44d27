"""Review (editor mode only, `make edit`): the inbox's proposals by source; accept, reject or edit each; Apply."""

import json

import streamlit as st

from atlas import assets, changelog, proposals, review, ui
from atlas.catalog import load_catalog

catalog, sel, shown = ui.page()
tr, esc = ui.tr, ui.md_escape
if not ui.editor_mode():  # reached by a stale link on a public server: never write data there
    st.stop()

st.title(tr("review.title"))
inbox = proposals.inbox_dir(catalog.data_dir)
st.caption(tr("review.caption", inbox=esc(inbox)))
done = st.session_state.pop("review_done", None)
if done is not None:
    st.success(tr("review.done", files=esc(", ".join(done))) if done else tr("review.nothing"), icon="✅")
try:
    pending = proposals.read_inbox(inbox)
except proposals.ProposalFileError as err:
    st.error(tr("review.unreadable", error=esc(err)))
    st.stop()
if not pending:
    st.info(tr("review.empty"))
    st.stop()


def shown_value(value) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


by_source: dict[str, list[proposals.Pending]] = {}
for p in pending:
    by_source.setdefault(p.proposal.get("source_id") or "—", []).append(p)
choices = {"pending": tr("review.pending"), "accept": tr("review.accept"), "reject": tr("review.reject")}
for sid, items in by_source.items():
    with st.container(border=True):
        src = items[0].source or (catalog.sources[sid].model_dump() if sid in catalog.sources else {})
        st.subheader(esc(src.get("title") or sid))
        if src:
            st.caption(tr("review.source", outlet=esc(src.get("outlet") or ""), date=esc(src.get("published") or "")))
        for p in items:
            q = p.proposal
            what, old, new = proposals.describe(q, catalog)
            st.markdown(f"**{esc(p.id)}** · `{q['type']}` · {esc(catalog.name_of(q['feature_id'], ui.lang()))}")
            st.markdown(f"{esc(what)}: {esc(old) + ' → ' if old else ''}**{esc(new)}**")
            st.markdown("> " + esc(q["text"]))
            if p.repeat:
                st.caption(tr("review.repeat"))
                continue
            st.radio(tr("review.decision"), list(choices), format_func=choices.get, key=f"rv:{p.id}", horizontal=True)
            with st.expander(tr("review.edit")):
                for field in proposals.EDITABLE[q["type"]]:
                    st.text_input(field, value=shown_value(q.get(field, "")), key=f"rv:{p.id}:{field}")

if st.button(tr("review.apply"), type="primary"):
    decided = [p for p in pending if st.session_state.get(f"rv:{p.id}", "pending") != "pending"]
    accepted = [p for p in decided if st.session_state[f"rv:{p.id}"] == "accept"]
    for p in accepted:  # an edited field replaces the proposal's (a number or list typed as JSON)
        for field in proposals.EDITABLE[p.proposal["type"]]:
            typed = st.session_state.get(f"rv:{p.id}:{field}")
            if typed is not None and typed != shown_value(p.proposal.get(field, "")):
                proposals.edit(p, field, proposals.parse_value(typed))
    if not decided:
        st.warning(tr("review.none"))
    else:
        result = review.apply_batch(accepted, catalog.data_dir)
        if not result.ok:
            st.error(tr("review.refused"), icon="🛑")
            st.code("\n".join(result.problems), language=None)
        else:
            proposals.forget(decided)
            changelog.write_feeds(load_catalog(catalog.data_dir), assets.STATIC_DIR)
            st.session_state["review_done"] = result.files
            st.rerun()

"""The plain-folium page the benchmark compares against: same data, same filter, one Marker per feature."""

import streamlit as st
from streamlit_folium import st_folium

from atlas.catalog import load_catalog
from atlas.data import resolve_data_dir
from atlas.filters import Selection, apply
from atlas.schema import COUNTRIES
from bench.baseline import build_plain


@st.cache_resource
def catalog(path: str):
    return load_catalog(path)


cat = catalog(str(resolve_data_dir()))
country = st.sidebar.selectbox("Country", ["", *COUNTRIES], key="country")
shown = apply(cat, Selection(country=(country,) if country else ()))
st.title("Plain folium baseline")
st_folium(
    build_plain(shown.features), key="plain_map", height=620, use_container_width=True, returned_objects=["last_object_clicked"]
)

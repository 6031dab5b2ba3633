-- stg_anct_contours_admin__epci_fr_drom: ANCT « fr-drom style1 » EPCI pieces (EPCI split by département).
-- grain: one row per feature (EPCI × département piece; a few pieces have no SIREN: communes outside any EPCI)
-- not_null: code_departement, geometry
-- DROM are relocated as insets next to metropolitan France: national choropleths only.
select
    nullif(trim(siren_epci), '') as siren_epci,
    lib_epci as nom_epci_source,
    trim(insee_dep) as code_departement,
    trim(insee_reg) as code_region,
    geometry,
from raw.anct_contours_admin__epci_fr_drom

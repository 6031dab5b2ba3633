-- grain: one row per millésime × commune (in the COG of that millésime)
-- unique: annee, code_commune
-- not_null: annee, code_commune, cog_annee
select * from staging.stg_insee_populations_legales_communes__populations

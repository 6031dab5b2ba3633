"""Early warning of industrial decline: datasets (SQL), calibrated model, backtest, scoring, explanations.

``targets`` declares the four targets; ``datasets`` builds each panel in SQL from the marts;
``model`` fits LightGBM with calibrated probabilities; ``baselines`` the two naive references;
``backtest`` the rolling-origin evaluation; ``report`` writes docs/alertes-evaluation.md;
``scoring`` ranks every territory at the latest origin and ``explain`` says why, in French.
"""

"""Times StatsForecast (n_jobs=1) on carparts with the seven methods, h=12;
compare with `cargo run --release -p bodesk-forecast --example carparts_throughput`.
Run in a venv outside the repo (see bench/forecast_golden.py). Not run by CI."""
import time, pandas as pd, numpy as np
from statsforecast import StatsForecast
from statsforecast.models import CrostonClassic, CrostonSBA, CrostonOptimized, TSB, ADIDA, IMAPA, SimpleExponentialSmoothing
df=pd.read_csv('/work/shared/data/carparts.csv')
df['ds']=pd.PeriodIndex(df['period'],freq='M').to_timestamp()
df=df.rename(columns={'part_id':'unique_id','qty':'y'})[['unique_id','ds','y']]
df['y']=df['y'].astype(float)
models=[SimpleExponentialSmoothing(alpha=0.1),CrostonClassic(),CrostonSBA(),CrostonOptimized(),TSB(0.1,0.1),ADIDA(),IMAPA()]
sf=StatsForecast(models=models,freq='MS',n_jobs=1)
sf.forecast(df=df.head(2000),h=12)
dt=float("inf")
for _ in range(3):
    t=time.perf_counter(); out=sf.forecast(df=df,h=12); dt=min(dt,time.perf_counter()-t)
print(f"statsforecast n_jobs=1: {df.unique_id.nunique()} series x 7 methods, h=12: {dt:.3f} s (best of 3)")

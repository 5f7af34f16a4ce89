import { render } from 'preact';
import { recordedDepthSource } from '@/utils/depthSource';
import { App } from './App';

render(<App depthSource={recordedDepthSource} />, document.getElementById('app')!);

// The sample images shipped in public/images (256x256, attribution in public/images/LICENSES.md).

export interface SampleImage {
  readonly id: string;
  readonly title: string;
  /** Path relative to the app's base URL. */
  readonly file: string;
  readonly credit: string;
}

export const SAMPLE_IMAGES: readonly SampleImage[] = [
  { id: 'chelsea', title: 'Cat', file: 'images/chelsea.png', credit: 'Stefan van der Walt, CC0' },
  {
    id: 'astronaut',
    title: 'Astronaut',
    file: 'images/astronaut.png',
    credit: 'NASA, public domain',
  },
  { id: 'coffee', title: 'Coffee', file: 'images/coffee.png', credit: 'Rachel Michetti, CC0' },
  { id: 'rocket', title: 'Rocket', file: 'images/rocket.png', credit: 'SpaceX, public domain' },
  { id: 'camera', title: 'Cameraman', file: 'images/camera.png', credit: 'Lav Varshney, CC0' },
  {
    id: 'coins',
    title: 'Coins',
    file: 'images/coins.png',
    credit: 'Brooklyn Museum, no known restrictions',
  },
  { id: 'brick', title: 'Bricks', file: 'images/brick.png', credit: 'CC0Textures, CC0' },
  { id: 'horse', title: 'Horse', file: 'images/horse.png', credit: 'Andreas Preuss, CC0' },
  { id: 'text', title: 'Text', file: 'images/text.png', credit: 'Wikipedia, public domain' },
];

export const DEFAULT_SAMPLE = 'chelsea';
